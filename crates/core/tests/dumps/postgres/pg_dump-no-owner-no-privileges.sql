--
-- PostgreSQL database dump
--

\restrict fHncSszTtVnD4f89TcUOz42t0kL0dIM5R3VdDGhyVTKfqBMGjfvoxw95jnNnFZN

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: next_peak(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.next_peak(a integer) RETURNS integer
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT
         CASE
             WHEN (a > 0) THEN (a + 1)
             ELSE NULL::integer
         END AS "case";
END;


--
-- Name: touch_visit(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.touch_visit() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.at := now(); -- END; inside a dollar quote
    RETURN NEW;
END
$$;


SET default_tablespace = '';

--
-- Name: bucket; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bucket (
    id integer NOT NULL,
    payload jsonb
)
PARTITION BY HASH (id);


SET default_table_access_method = heap;

--
-- Name: bucket_0; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bucket_0 (
    id integer NOT NULL,
    payload jsonb
);


--
-- Name: bucket_1; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bucket_1 (
    id integer NOT NULL,
    payload jsonb
);


--
-- Name: city; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.city (
    id integer NOT NULL,
    region text NOT NULL,
    name text
)
PARTITION BY LIST (region);


--
-- Name: city_north; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.city_north (
    id integer NOT NULL,
    region text NOT NULL,
    name text
);


--
-- Name: city_other; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.city_other (
    id integer NOT NULL,
    region text NOT NULL,
    name text
);


--
-- Name: visit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.visit (
    id bigint NOT NULL,
    city_id integer NOT NULL,
    region text NOT NULL,
    at timestamp with time zone
);


--
-- Name: city_visits; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.city_visits AS
 SELECT c.name AS city,
    count(*) AS visits
   FROM (public.city c
     JOIN public.visit v ON (((v.city_id = c.id) AND (v.region = c.region))))
  GROUP BY c.name;


--
-- Name: measurement; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.measurement (
    id bigint NOT NULL,
    logdate date NOT NULL,
    peak integer
)
PARTITION BY RANGE (logdate);


--
-- Name: measurement_2024; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.measurement_2024 (
    id bigint NOT NULL,
    logdate date NOT NULL,
    peak integer
);


--
-- Name: measurement_2025; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.measurement_2025 (
    id bigint NOT NULL,
    logdate date NOT NULL,
    peak integer
);


--
-- Name: measurement_old; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.measurement_old (
    id bigint NOT NULL,
    logdate date NOT NULL,
    peak integer
);


--
-- Name: recent_peaks; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.recent_peaks AS
 SELECT m.id,
    m.logdate AS day,
    m.peak
   FROM public.measurement m
  WHERE (m.logdate > '2024-06-01'::date);


--
-- Name: peak_per_day; Type: MATERIALIZED VIEW; Schema: public; Owner: -
--

CREATE MATERIALIZED VIEW public.peak_per_day AS
 SELECT recent_peaks.day,
    max(recent_peaks.peak) AS top
   FROM public.recent_peaks
  GROUP BY recent_peaks.day
  WITH NO DATA;


--
-- Name: schemaplay_awkward; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schemaplay_awkward (
    id integer NOT NULL,
    body text
);


--
-- Name: visit_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.visit ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.visit_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: bucket_0; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bucket ATTACH PARTITION public.bucket_0 FOR VALUES WITH (modulus 2, remainder 0);


--
-- Name: bucket_1; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bucket ATTACH PARTITION public.bucket_1 FOR VALUES WITH (modulus 2, remainder 1);


--
-- Name: city_north; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.city ATTACH PARTITION public.city_north FOR VALUES IN ('north', 'arctic');


--
-- Name: city_other; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.city ATTACH PARTITION public.city_other DEFAULT;


--
-- Name: measurement_2024; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measurement ATTACH PARTITION public.measurement_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: measurement_2025; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measurement ATTACH PARTITION public.measurement_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


--
-- Name: measurement_old; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measurement ATTACH PARTITION public.measurement_old DEFAULT;


--
-- Name: city city_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.city
    ADD CONSTRAINT city_pkey PRIMARY KEY (id, region);


--
-- Name: city_north city_north_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.city_north
    ADD CONSTRAINT city_north_pkey PRIMARY KEY (id, region);


--
-- Name: city_other city_other_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.city_other
    ADD CONSTRAINT city_other_pkey PRIMARY KEY (id, region);


--
-- Name: measurement measurement_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measurement
    ADD CONSTRAINT measurement_pkey PRIMARY KEY (id, logdate);


--
-- Name: measurement_2024 measurement_2024_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measurement_2024
    ADD CONSTRAINT measurement_2024_pkey PRIMARY KEY (id, logdate);


--
-- Name: measurement_2025 measurement_2025_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measurement_2025
    ADD CONSTRAINT measurement_2025_pkey PRIMARY KEY (id, logdate);


--
-- Name: measurement_old measurement_old_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measurement_old
    ADD CONSTRAINT measurement_old_pkey PRIMARY KEY (id, logdate);


--
-- Name: schemaplay_awkward schemaplay_awkward_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schemaplay_awkward
    ADD CONSTRAINT schemaplay_awkward_pkey PRIMARY KEY (id);


--
-- Name: visit visit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visit
    ADD CONSTRAINT visit_pkey PRIMARY KEY (id);


--
-- Name: measurement_peak; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX measurement_peak ON ONLY public.measurement USING btree (peak);


--
-- Name: measurement_2024_peak_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX measurement_2024_peak_idx ON public.measurement_2024 USING btree (peak);


--
-- Name: measurement_2025_peak_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX measurement_2025_peak_idx ON public.measurement_2025 USING btree (peak);


--
-- Name: measurement_old_peak_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX measurement_old_peak_idx ON public.measurement_old USING btree (peak);


--
-- Name: city_north_pkey; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.city_pkey ATTACH PARTITION public.city_north_pkey;


--
-- Name: city_other_pkey; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.city_pkey ATTACH PARTITION public.city_other_pkey;


--
-- Name: measurement_2024_peak_idx; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.measurement_peak ATTACH PARTITION public.measurement_2024_peak_idx;


--
-- Name: measurement_2024_pkey; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.measurement_pkey ATTACH PARTITION public.measurement_2024_pkey;


--
-- Name: measurement_2025_peak_idx; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.measurement_peak ATTACH PARTITION public.measurement_2025_peak_idx;


--
-- Name: measurement_2025_pkey; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.measurement_pkey ATTACH PARTITION public.measurement_2025_pkey;


--
-- Name: measurement_old_peak_idx; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.measurement_peak ATTACH PARTITION public.measurement_old_peak_idx;


--
-- Name: measurement_old_pkey; Type: INDEX ATTACH; Schema: public; Owner: -
--

ALTER INDEX public.measurement_pkey ATTACH PARTITION public.measurement_old_pkey;


--
-- Name: visit visit_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER visit_touch BEFORE INSERT ON public.visit FOR EACH ROW EXECUTE FUNCTION public.touch_visit();


--
-- Name: visit visit_city_id_region_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.visit
    ADD CONSTRAINT visit_city_id_region_fkey FOREIGN KEY (city_id, region) REFERENCES public.city(id, region);


--
-- PostgreSQL database dump complete
--

\unrestrict fHncSszTtVnD4f89TcUOz42t0kL0dIM5R3VdDGhyVTKfqBMGjfvoxw95jnNnFZN

