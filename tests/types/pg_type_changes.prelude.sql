-- Types the cases in pg_type_changes.tsv refer to (loaded before every case).
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE mood2 AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN d_text AS text;
CREATE DOMAIN d_short AS varchar(20);
CREATE DOMAIN d_pos AS int CHECK (VALUE > 0);
