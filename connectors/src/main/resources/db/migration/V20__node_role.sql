-- The role innflow nodes connect as: only the rights the partner and admin API need, never the owner's.
-- It cannot create, alter or drop anything, nor change or delete an audit entry. Migrations, Debezium
-- and the sinks keep the owner or replication user. The role logs in once a password is set
-- (ALTER ROLE innflow_node PASSWORD ...): the embedded stack sets one at every start; a cluster's
-- operator sets it once. Tables added later grant innflow_node what it needs in their own migration.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'innflow_node') THEN
        CREATE ROLE innflow_node LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO innflow_node;
GRANT SELECT, INSERT, UPDATE ON hotels, room_types, room_nights TO innflow_node;
GRANT SELECT, INSERT ON audit_log TO innflow_node;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO innflow_node;
