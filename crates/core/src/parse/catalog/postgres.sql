-- Schema Playground catalog query for PostgreSQL (10 or later). Read-only: it only reads pg_catalog.
-- Run it in your own client (psql: psql -At -f this.sql) and paste the single JSON value it returns.
-- Every schema except the system ones; objects that belong to extensions are left out: `ext` lists
-- them once, and the three CTEs below it (schemas; tables, views and sequences; enums and domains)
-- are the only places the other parts read those catalogs from.
WITH ext AS (
  SELECT d.classid, d.objid FROM pg_depend d WHERE d.deptype = 'e'
),
ns AS (
  SELECT n.oid, n.nspname FROM pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
    AND n.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_namespace'::regclass)
),
rel AS (
  SELECT c.oid, ns.nspname, c.relname, c.relkind, c.relpersistence, c.relispartition, c.relrowsecurity, c.relforcerowsecurity
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_class'::regclass)
),
typ AS (
  SELECT t.oid, ns.nspname, t.typname, t.typtype, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault
  FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd')
    AND t.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_type'::regclass)
)
SELECT json_build_object(
  'format', 'schemaplay-catalog',
  'version', 1,
  'engine', 'postgres',
  'server_version', current_setting('server_version'),
  'schemas', (SELECT coalesce(json_agg(ns.nspname ORDER BY ns.nspname), '[]') FROM ns),
  'enums', (SELECT coalesce(json_agg(json_build_object(
      'schema', t.nspname, 'name', t.typname,
      'values', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
    ) ORDER BY t.nspname, t.typname), '[]')
    FROM typ t WHERE t.typtype = 'e'),
  'domains', (SELECT coalesce(json_agg(json_build_object(
      'schema', t.nspname, 'name', t.typname,
      'type', format_type(t.typbasetype, t.typtypmod),
      'not_null', t.typnotnull,
      'default', t.typdefault,
      'checks', (SELECT coalesce(json_agg(json_build_object('name', co.conname, 'definition', pg_get_constraintdef(co.oid)) ORDER BY co.conname), '[]')
                 FROM pg_constraint co WHERE co.contypid = t.oid)
    ) ORDER BY t.nspname, t.typname), '[]')
    FROM typ t WHERE t.typtype = 'd'),
  'sequences', (SELECT coalesce(json_agg(json_build_object(
      'schema', c.nspname, 'name', c.relname,
      'owned_by', (SELECT json_build_object('schema', tn.nspname, 'table', tc.relname, 'column', a.attname)
                   FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                   JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                     AND d.deptype IN ('a', 'i') LIMIT 1),
      'identity', EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
    ) ORDER BY c.nspname, c.relname), '[]')
    FROM rel c WHERE c.relkind = 'S'),
  'tables', (SELECT coalesce(json_agg(json_build_object(
      'schema', r.nspname,
      'name', r.relname,
      'kind', r.relkind,
      'unlogged', r.relpersistence = 'u',
      'comment', obj_description(r.oid, 'pg_class'),
      'rls_enabled', r.relrowsecurity,
      'rls_forced', r.relforcerowsecurity,
      'partition_key', CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END,
      'partition_of', (SELECT json_build_object('schema', pn.nspname, 'name', pc.relname, 'bound', pg_get_expr(c.relpartbound, c.oid))
                       FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                       JOIN pg_class c ON c.oid = r.oid
                       WHERE i.inhrelid = r.oid AND r.relispartition LIMIT 1),
      'view_definition', CASE WHEN r.relkind IN ('v', 'm') THEN pg_get_viewdef(r.oid) END,
      'columns', (SELECT coalesce(json_agg(json_build_object(
          'name', a.attname,
          'type', format_type(a.atttypid, a.atttypmod),
          'not_null', a.attnotnull,
          'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
          'identity', a.attidentity,
          'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
          'collation', CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN (SELECT collname FROM pg_collation WHERE oid = a.attcollation) END,
          'comment', col_description(r.oid, a.attnum)
        ) ORDER BY a.attnum), '[]')
        FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped),
      'constraints', (SELECT coalesce(json_agg(json_build_object(
          'name', co.conname, 'type', co.contype, 'definition', pg_get_constraintdef(co.oid),
          'inherited', co.conparentid <> 0 OR NOT co.conislocal
        ) ORDER BY co.contype, co.conname), '[]')
        FROM pg_constraint co WHERE co.conrelid = r.oid AND co.contype IN ('p', 'u', 'f', 'c', 'x')),
      'indexes', (SELECT coalesce(json_agg(json_build_object(
          'name', ic.relname, 'definition', pg_get_indexdef(ix.indexrelid)
        ) ORDER BY ic.relname), '[]')
        FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
        WHERE ix.indrelid = r.oid
          AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = ix.indexrelid AND co.conrelid = r.oid AND co.contype IN ('p', 'u', 'x'))),
      'policies', (SELECT coalesce(json_agg(json_build_object(
          'name', p.polname, 'permissive', p.polpermissive,
          'command', CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' ELSE 'all' END,
          'roles', CASE WHEN p.polroles = '{0}' THEN '["public"]'::json
                        ELSE (SELECT json_agg(rolname ORDER BY rolname) FROM pg_roles WHERE oid = ANY (p.polroles)) END,
          'using', pg_get_expr(p.polqual, p.polrelid),
          'with_check', pg_get_expr(p.polwithcheck, p.polrelid)
        ) ORDER BY p.polname), '[]')
        FROM pg_policy p WHERE p.polrelid = r.oid),
      'triggers', (SELECT coalesce(json_agg(json_build_object('name', tg.tgname, 'definition', pg_get_triggerdef(tg.oid)) ORDER BY tg.tgname), '[]')
        FROM pg_trigger tg WHERE tg.tgrelid = r.oid AND NOT tg.tgisinternal)
    ) ORDER BY r.nspname, r.relname), '[]')
    FROM rel r WHERE r.relkind <> 'S')
) AS schemaplay_catalog;
