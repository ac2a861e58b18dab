package dev.videogen.migrations;

import java.util.Map;
import java.util.stream.Collectors;

/** A text description of the schema's shape, to compare before and after re-running migrations. */
final class SchemaFingerprint {

    private SchemaFingerprint() {
    }

    static String of(SqlSession sql) {
        String query = """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                       || ' null=' || is_nullable || ' default=' || coalesce(column_default, '')
                  FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL
                SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                UNION ALL
                SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL
                SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
                UNION ALL
                SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || roles::text
                       || ' ' || coalesce(qual, '') FROM pg_policies WHERE schemaname = 'public'
                UNION ALL
                SELECT 'function ' || p.oid::regprocedure || ' ' || md5(p.prosrc) || ' ' || coalesce(p.proacl::text, '')
                  FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
                UNION ALL
                SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' rls=' || c.relrowsecurity
                       || ' acl=' || coalesce(c.relacl::text, '')
                  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
                UNION ALL
                SELECT 'view ' || viewname || ' ' || md5(definition) FROM pg_views WHERE schemaname = 'public'
                UNION ALL
                SELECT 'type ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
                 WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname
                ORDER BY 1
                """;
        return sql.rows(query).stream()
                .map(Map::values)
                .map(values -> String.valueOf(values.iterator().next()))
                .collect(Collectors.joining("\n"));
    }
}
