-- The public portal reads the read models and nothing else: its own role may connect to the
-- read side's database and SELECT, never write (its every transaction is read-only too).
-- Tables the projection worker (role `assembly`) creates later, rebuilds included, are
-- readable by it through the default privileges. Run once by the postgres image at first
-- start (docker-entrypoint-initdb.d). Development password; override for a real deployment.
CREATE ROLE portal LOGIN PASSWORD 'portal';
ALTER ROLE portal SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE assembly TO portal;
GRANT USAGE ON SCHEMA public TO portal;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO portal;
ALTER DEFAULT PRIVILEGES FOR ROLE assembly IN SCHEMA public GRANT SELECT ON TABLES TO portal;
