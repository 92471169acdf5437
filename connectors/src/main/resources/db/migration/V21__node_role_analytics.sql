-- The partner reports read the analytics schema as the node's role: reading only, never writing (the
-- JDBC sinks write it as the owner).
GRANT USAGE ON SCHEMA analytics TO innflow_node;
GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO innflow_node;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA analytics TO innflow_node;
