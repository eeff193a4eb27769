-- Tributary's databases, roles and schemas (docs/CONVENTIONS.md). Idempotent: safe to run on every start.
--
-- One script, two runners:
--   * docker-compose mounts this directory on /docker-entrypoint-initdb.d of postgres:17, where psql runs it
--     once on a fresh volume as the superuser;
--   * ./tributary's LocalPostgres (io.tributary.infra.local.PgInitScript) runs it from the classpath on every
--     start. It understands plain statements ending in ';' (dollar quoting included), '\connect <db>' on its
--     own line and a query ending in '\gexec' (each returned cell is executed as a statement), nothing else:
--     keep to those when editing.
--
-- Local passwords equal the role name.

-- ---------------------------------------------------------------- roles
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['sql_service', 'proxy_service', 'connect_service', 'session_service', 'engine_user'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', r, r);
    END IF;
  END LOOP;
END
$$;

-- ---------------------------------------------------------------- databases
SELECT 'CREATE DATABASE tributary'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'tributary')\gexec

SELECT 'CREATE DATABASE tributary_engine OWNER engine_user'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'tributary_engine')\gexec

ALTER DATABASE tributary_engine OWNER TO engine_user;

-- only the four service roles may connect to tributary (engine_user may not)
REVOKE CONNECT, TEMPORARY ON DATABASE tributary FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE tributary TO sql_service, proxy_service, connect_service, session_service;

-- ---------------------------------------------------------------- one schema per service, owned by its role
\connect tributary

REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS ksql AUTHORIZATION sql_service;
CREATE SCHEMA IF NOT EXISTS kafka_rest AUTHORIZATION proxy_service;
CREATE SCHEMA IF NOT EXISTS connect AUTHORIZATION connect_service;
CREATE SCHEMA IF NOT EXISTS kyuubi AUTHORIZATION session_service;

-- in case a schema existed before with another owner; no role gets USAGE on another's schema
ALTER SCHEMA ksql OWNER TO sql_service;
ALTER SCHEMA kafka_rest OWNER TO proxy_service;
ALTER SCHEMA connect OWNER TO connect_service;
ALTER SCHEMA kyuubi OWNER TO session_service;
REVOKE ALL ON SCHEMA ksql, kafka_rest, connect, kyuubi FROM PUBLIC;

-- unqualified names resolve to the role's own schema
ALTER ROLE sql_service IN DATABASE tributary SET search_path = ksql;
ALTER ROLE proxy_service IN DATABASE tributary SET search_path = kafka_rest;
ALTER ROLE connect_service IN DATABASE tributary SET search_path = connect;
ALTER ROLE session_service IN DATABASE tributary SET search_path = kyuubi;
