-- What MusicBrainz's own installer (admin/InitDb.pl) does before CreateTables.sql, which the corpus
-- does not hold: the `musicbrainz` schema and the `musicbrainz` ICU collation (CreateCollations.sql),
-- then Extensions.sql and CreateTypes.sql of the same folder.
-- The search_path is left at its default on purpose, so the tables land where the file alone puts
-- them (unqualified names -> public), which is what a DDL model of that one file states.
CREATE SCHEMA IF NOT EXISTS musicbrainz;
CREATE COLLATION IF NOT EXISTS public.musicbrainz (provider = icu, locale = 'und-u-kf-lower-kn-true');
\i Extensions.sql
\i CreateTypes.sql
