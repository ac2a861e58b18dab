package dev.videogen.infra;

import java.util.regex.Pattern;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * A Secrets Manager secret that exists outside the stacks, named either by its name or by its
 * complete ARN. Only its ARN ever reaches a template or a function's environment; the value is
 * read at run time by the function that was granted it.
 */
public record SecretReference(String nameOrArn) {

    // A complete ARN ends with the six random characters Secrets Manager appends to the name.
    private static final Pattern COMPLETE_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+-[A-Za-z0-9]{6}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

    public SecretReference {
        if (nameOrArn == null || nameOrArn.isBlank()) {
            throw new IllegalArgumentException("a secret name or complete ARN is required");
        }
        if (nameOrArn.startsWith("arn:")) {
            if (!COMPLETE_ARN.matcher(nameOrArn).matches()) {
                throw new IllegalArgumentException("'" + nameOrArn + "' is not a complete secret ARN (one that ends"
                        + " with the 6-character suffix); give the complete ARN or the secret's name");
            }
        } else if (!NAME.matcher(nameOrArn).matches()) {
            throw new IllegalArgumentException("'" + nameOrArn + "' is not a valid secret name");
        }
    }

    /** Whether this names the secret by complete ARN rather than by name. */
    public boolean isCompleteArn() {
        return nameOrArn.startsWith("arn:");
    }

    /** The secret as a construct in {@code scope}, for grants and for its ARN. */
    public ISecret resolve(Construct scope, String id) {
        return isCompleteArn()
                ? Secret.fromSecretCompleteArn(scope, id, nameOrArn)
                : Secret.fromSecretNameV2(scope, id, nameOrArn);
    }
}
