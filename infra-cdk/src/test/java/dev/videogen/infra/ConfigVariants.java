package dev.videogen.infra;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/** Copies a named environment's config with one field changed, through the record's validating constructor. */
final class ConfigVariants {

    private ConfigVariants() {
    }

    static EnvironmentConfig with(EnvironmentConfig base, String field, Object value) {
        RecordComponent[] components = EnvironmentConfig.class.getRecordComponents();
        Object[] arguments = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(field)) {
                    arguments[i] = value;
                    found = true;
                } else {
                    arguments[i] = components[i].getAccessor().invoke(base);
                }
            }
            if (!found) {
                throw new IllegalArgumentException("EnvironmentConfig has no field " + field);
            }
            Constructor<EnvironmentConfig> canonical = EnvironmentConfig.class.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
