-- The erasable registry of respondents' personal data (services/adapters/registry.py) lives in
-- its own database, owned by its own role: the read side's role `assembly` cannot read it,
-- and only the clerks who send the invitations are given REGISTRY_DATABASE_URL.
-- Run once by the postgres image at first start (docker-entrypoint-initdb.d).
-- Development password; override for a real deployment.
CREATE ROLE registry LOGIN PASSWORD 'registry';
CREATE DATABASE registry OWNER registry;
REVOKE ALL ON DATABASE registry FROM PUBLIC;
