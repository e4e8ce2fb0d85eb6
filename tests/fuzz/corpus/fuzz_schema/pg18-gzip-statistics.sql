--
-- PostgreSQL database dump
--

\restrict fJAxDjhEvM6HQ6wfJ7gVcIH6VQ2h5scFOpcSZiCAcSyDaNsy3aLqsGlgnQ2s6ML

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 18.6 (Debian 18.6-3)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: CRM Data; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "CRM Data";


ALTER SCHEMA "CRM Data" OWNER TO postgres;

--
-- Name: email_addr; Type: DOMAIN; Schema: public; Owner: postgres
--

CREATE DOMAIN public.email_addr AS character varying(254)
	CONSTRAINT email_addr_check CHECK (((VALUE)::text ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text));


ALTER DOMAIN public.email_addr OWNER TO postgres;

--
-- Name: mood; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.mood AS ENUM (
    'sad',
    'ok',
    'happy',
    'très content'
);


ALTER TYPE public.mood OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: Weird Table; Type: TABLE; Schema: CRM Data; Owner: postgres
--

CREATE TABLE "CRM Data"."Weird Table" (
    id integer NOT NULL,
    "Full Name" text NOT NULL,
    "select" text,
    "UPPER" integer,
    "k=v:x" text,
    "Quote""d" text,
    "Ünïcødé" text
);


ALTER TABLE "CRM Data"."Weird Table" OWNER TO postgres;

--
-- Name: COLUMN "Weird Table"."Full Name"; Type: COMMENT; Schema: CRM Data; Owner: postgres
--

COMMENT ON COLUMN "CRM Data"."Weird Table"."Full Name" IS 'who';


--
-- Name: Weird Table_id_seq; Type: SEQUENCE; Schema: CRM Data; Owner: postgres
--

CREATE SEQUENCE "CRM Data"."Weird Table_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE "CRM Data"."Weird Table_id_seq" OWNER TO postgres;

--
-- Name: Weird Table_id_seq; Type: SEQUENCE OWNED BY; Schema: CRM Data; Owner: postgres
--

ALTER SEQUENCE "CRM Data"."Weird Table_id_seq" OWNED BY "CRM Data"."Weird Table".id;


--
-- Name: all_types; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.all_types (
    id bigint NOT NULL,
    b bytea,
    ia integer[],
    ta text[],
    j json,
    jb jsonb,
    n numeric(14,4),
    d date,
    ts timestamp(3) with time zone,
    flag boolean,
    m public.mood,
    e public.email_addr,
    f double precision,
    iv interval,
    u uuid,
    c character(3),
    bits bit varying(8),
    r int4range,
    pt point
);


ALTER TABLE public.all_types OWNER TO postgres;

--
-- Name: empty_table; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.empty_table (
    id integer,
    label text
);


ALTER TABLE public.empty_table OWNER TO postgres;

--
-- Name: jp_texts; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.jp_texts (
    id integer NOT NULL,
    body text,
    kana text
);


ALTER TABLE public.jp_texts OWNER TO postgres;

--
-- Name: measurements; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peaktemp integer,
    note text
)
PARTITION BY RANGE (logdate);


ALTER TABLE public.measurements OWNER TO postgres;

--
-- Name: measurements_2023; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements_2023 (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peaktemp integer,
    note text
);


ALTER TABLE public.measurements_2023 OWNER TO postgres;

--
-- Name: measurements_2024; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements_2024 (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peaktemp integer,
    note text
);


ALTER TABLE public.measurements_2024 OWNER TO postgres;

--
-- Name: measurements_other; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements_other (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peaktemp integer,
    note text
);


ALTER TABLE public.measurements_other OWNER TO postgres;

--
-- Name: no_columns; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.no_columns (
);


ALTER TABLE public.no_columns OWNER TO postgres;

--
-- Name: orders; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.orders (
    id integer NOT NULL,
    person_id integer,
    qty integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    total numeric(12,2) GENERATED ALWAYS AS (((qty)::numeric * unit_price)) STORED,
    status public.mood,
    ordered_at timestamp with time zone
);


ALTER TABLE public.orders OWNER TO postgres;

--
-- Name: order_totals; Type: MATERIALIZED VIEW; Schema: public; Owner: postgres
--

CREATE MATERIALIZED VIEW public.order_totals AS
 SELECT orders.person_id,
    count(*) AS n,
    sum(orders.total) AS total
   FROM public.orders
  GROUP BY orders.person_id
  WITH NO DATA;


ALTER MATERIALIZED VIEW public.order_totals OWNER TO postgres;

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.orders ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: people; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.people (
    id integer NOT NULL,
    first_name text NOT NULL,
    last_name text,
    email public.email_addr,
    phone character varying(32),
    birth_date date,
    notes text
);


ALTER TABLE public.people OWNER TO postgres;

--
-- Name: TABLE people; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.people IS 'customers (personal data)';


--
-- Name: COLUMN people.email; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.people.email IS 'contact e-mail';


--
-- Name: people_public; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.people_public AS
 SELECT people.id,
    people.first_name
   FROM public.people
  WHERE ((people.id % 2) = 0);


ALTER VIEW public.people_public OWNER TO postgres;

--
-- Name: people_with_a_deliberately_long_name_of_exactly_sixty_three_byt; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt (
    id integer NOT NULL,
    column_with_a_deliberately_long_name_of_exactly_sixty_three_byt text
);


ALTER TABLE public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt OWNER TO postgres;

--
-- Name: texts; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.texts (
    id integer NOT NULL,
    label text NOT NULL,
    body text,
    tags text[]
);


ALTER TABLE public.texts OWNER TO postgres;

--
-- Name: ticket_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.ticket_seq
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE public.ticket_seq OWNER TO postgres;

--
-- Name: measurements_2023; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');


--
-- Name: measurements_2024; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: measurements_other; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_other DEFAULT;


--
-- Name: Weird Table id; Type: DEFAULT; Schema: CRM Data; Owner: postgres
--

ALTER TABLE ONLY "CRM Data"."Weird Table" ALTER COLUMN id SET DEFAULT nextval('"CRM Data"."Weird Table_id_seq"'::regclass);


--
-- Data for Name: Weird Table; Type: TABLE DATA; Schema: CRM Data; Owner: postgres
--

COPY "CRM Data"."Weird Table" (id, "Full Name", "select", "UPPER", "k=v:x", "Quote""d", "Ünïcødé") FROM stdin;
\.


--
-- Data for Name: all_types; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.all_types (id, b, ia, ta, j, jb, n, d, ts, flag, m, e, f, iv, u, c, bits, r, pt) FROM stdin;
\.


--
-- Data for Name: empty_table; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.empty_table (id, label) FROM stdin;
\.


--
-- Data for Name: jp_texts; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.jp_texts (id, body, kana) FROM stdin;
\.


--
-- Data for Name: measurements_2023; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.measurements_2023 (city_id, logdate, peaktemp, note) FROM stdin;
\.


--
-- Data for Name: measurements_2024; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.measurements_2024 (city_id, logdate, peaktemp, note) FROM stdin;
\.


--
-- Data for Name: measurements_other; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.measurements_other (city_id, logdate, peaktemp, note) FROM stdin;
\.


--
-- Data for Name: no_columns; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.no_columns  FROM stdin;
\.


--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.orders (id, person_id, qty, unit_price, status, ordered_at) FROM stdin;
\.


--
-- Data for Name: people; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.people (id, first_name, last_name, email, phone, birth_date, notes) FROM stdin;
\.


--
-- Data for Name: people_with_a_deliberately_long_name_of_exactly_sixty_three_byt; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt (id, column_with_a_deliberately_long_name_of_exactly_sixty_three_byt) FROM stdin;
\.


--
-- Data for Name: texts; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.texts (id, label, body, tags) FROM stdin;
\.


--
-- Name: Weird Table_id_seq; Type: SEQUENCE SET; Schema: CRM Data; Owner: postgres
--

SELECT pg_catalog.setval('"CRM Data"."Weird Table_id_seq"', 30, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.orders_id_seq', 60, true);


--
-- Name: ticket_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.ticket_seq', 1234, true);


--
-- Name: 424242..424244; Type: BLOB METADATA; Schema: -; Owner: postgres
--

SELECT pg_catalog.lo_create('424242');
SELECT pg_catalog.lo_create('424243');
SELECT pg_catalog.lo_create('424244');

ALTER LARGE OBJECT 424242 OWNER TO postgres;
ALTER LARGE OBJECT 424243 OWNER TO postgres;
ALTER LARGE OBJECT 424244 OWNER TO postgres;

--
-- Name: LARGE OBJECT 424242; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON LARGE OBJECT 424242 IS 'a large object';


--
-- Data for Name: 424242..424244; Type: BLOBS; Schema: -; Owner: postgres
--

BEGIN;

SELECT pg_catalog.lo_open('424242', 131072);
SELECT pg_catalog.lowrite(0, '\x736563726574206c61726765206f626a656374207061796c6f6164');
SELECT pg_catalog.lo_close(0);

SELECT pg_catalog.lo_open('424243', 131072);
SELECT pg_catalog.lowrite(0, '\x00ff00fe5c0a626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220626c6f6220');
SELECT pg_catalog.lo_close(0);

SELECT pg_catalog.lo_open('424244', 131072);
SELECT pg_catalog.lo_close(0);

COMMIT;

--
-- Statistics for Name: Weird Table; Type: STATISTICS DATA; Schema: CRM Data; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'relpages', '1'::integer,
	'reltuples', '30'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'attname', 'Full Name',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '18'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{"Person 05a1b82f6e","Person 0b98c51369","Person 10459dc2fe","Person 14eb7de787","Person 18cb453202","Person 1f98ef6ace","Person 232683284d","Person 4305fb36fb","Person 48adbcc864","Person 4c4f6d10e9","Person 587bf9871e","Person 69a49d2185","Person 74ad06dd40","Person 7abda2cd5f","Person 814fa57169","Person 82c28b3ea9","Person 94c0fd54c4","Person 9c9844ba0a","Person c9177c0edd","Person d88190f493","Person fb4111e959"}'::text,
	'correlation', '0.06073415'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'attname', 'Quote"d',
	'inherited', 'f'::boolean,
	'null_frac', '0.5'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.5'::real,
	'histogram_bounds', '{"\"1\"","\"11\"","\"13\"","\"15\"","\"17\"","\"19\"","\"21\"","\"23\"","\"25\"","\"27\"","\"29\"","\"3\"","\"5\"","\"7\"","\"9\""}'::text,
	'correlation', '0'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'attname', 'UPPER',
	'inherited', 'f'::boolean,
	'null_frac', '0.23333333'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.76666665'::real,
	'histogram_bounds', '{100,200,300,500,600,700,900,1000,1100,1300,1500,1700,1800,1900,2100,2200,2300,2500,2600,2700,3000}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,2,3,5,6,8,9,11,12,14,15,16,18,19,21,22,24,25,27,28,30}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'attname', 'k=v:x',
	'inherited', 'f'::boolean,
	'null_frac', '0.2'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-0.8'::real,
	'histogram_bounds', '{"a=b:c 1","a=b:c 11","a=b:c 12","a=b:c 13","a=b:c 14","a=b:c 16","a=b:c 17","a=b:c 19","a=b:c 2","a=b:c 21","a=b:c 22","a=b:c 23","a=b:c 24","a=b:c 26","a=b:c 28","a=b:c 29","a=b:c 3","a=b:c 4","a=b:c 6","a=b:c 7","a=b:c 9"}'::text,
	'correlation', '0.008695652'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'attname', 'select',
	'inherited', 'f'::boolean,
	'null_frac', '0.33333334'::real,
	'avg_width', '10'::integer,
	'n_distinct', '-0.6666666'::real,
	'histogram_bounds', '{"sel	ect 1","sel	ect 10","sel	ect 11","sel	ect 13","sel	ect 14","sel	ect 16","sel	ect 17","sel	ect 19","sel	ect 2","sel	ect 20","sel	ect 22","sel	ect 23","sel	ect 25","sel	ect 26","sel	ect 28","sel	ect 29","sel	ect 4","sel	ect 5","sel	ect 7","sel	ect 8"}'::text,
	'correlation', '0.15789473'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table',
	'attname', 'Ünïcødé',
	'inherited', 'f'::boolean,
	'null_frac', '0.16666667'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.8333333'::real,
	'histogram_bounds', '{ü1,ü10,ü11,ü13,ü14,ü16,ü17,ü19,ü2,ü20,ü22,ü23,ü25,ü26,ü27,ü29,ü3,ü4,ü5,ü7,ü9}'::text,
	'correlation', '0.033076923'::real
);


--
-- Statistics for Name: all_types; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'relpages', '2'::integer,
	'reltuples', '40'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'b',
	'inherited', 'f'::boolean,
	'null_frac', '0.2'::real,
	'avg_width', '7'::integer,
	'n_distinct', '-0.275'::real,
	'most_common_vals', '{"\\x","\\x00","\\x0000ff005c0a09"}'::text,
	'most_common_freqs', '{0.2,0.2,0.2}'::real[],
	'histogram_bounds', '{"\\x062082a4ba32165bce87b8ec16f2a33b","\\x2302669ff9c733a7d5d543c8a17571b4","\\x398200464aa2c0a2917fce2a4eb33d8d","\\xc5b182dc639a798406f0df0c0cdd34c8","\\xccc0ac80ed0b4a6a7d398159a657eee3","\\xcf15b48971659a35f30030204cb46eac","\\xda1812648b0b1ec93962f174e6095d65","\\xe116ea0f1d982240bb797e38af7ea5c5"}'::text,
	'correlation', '0.15395895'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'bits',
	'inherited', 'f'::boolean,
	'null_frac', '0.325'::real,
	'avg_width', '6'::integer,
	'n_distinct', '-0.675'::real,
	'histogram_bounds', '{00000001,00000010,00000100,00000101,00001000,00001010,00001011,00001110,00010000,00010001,00010100,00010110,00010111,00011001,00011100,00011101,00011111,00100010,00100011,00100101,00101000}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'c',
	'inherited', 'f'::boolean,
	'null_frac', '0.325'::real,
	'avg_width', '4'::integer,
	'n_distinct', '1'::real,
	'most_common_vals', '{"a  "}'::text,
	'most_common_freqs', '{0.675}'::real[],
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'd',
	'inherited', 'f'::boolean,
	'null_frac', '0.125'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.75'::real,
	'most_common_vals', '{infinity}'::text,
	'most_common_freqs', '{0.15}'::real[],
	'histogram_bounds', '{2000-05-13,2000-06-19,2000-07-26,2000-10-08,2001-01-27,2001-04-11,2001-05-18,2001-06-24,2001-11-19,2001-12-26,2002-03-10,2002-06-29,2002-08-05,2002-10-18,2002-11-24,2003-04-21,2003-05-28,2003-07-04,2003-11-29,2004-01-05,2004-03-19}'::text,
	'correlation', '0.6512605'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'e',
	'inherited', 'f'::boolean,
	'null_frac', '0.5'::real,
	'avg_width', '19'::integer,
	'n_distinct', '-0.5'::real,
	'histogram_bounds', '{typed11@example.org,typed13@example.org,typed15@example.org,typed17@example.org,typed19@example.org,typed1@example.org,typed21@example.org,typed23@example.org,typed25@example.org,typed27@example.org,typed29@example.org,typed31@example.org,typed33@example.org,typed35@example.org,typed37@example.org,typed39@example.org,typed3@example.org,typed5@example.org,typed7@example.org,typed9@example.org}'::text,
	'correlation', '0.09022556'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'f',
	'inherited', 'f'::boolean,
	'null_frac', '0.2'::real,
	'avg_width', '8'::integer,
	'n_distinct', '4'::real,
	'most_common_vals', '{-0,0.3333333333333333,1e+300,Infinity}'::text,
	'most_common_freqs', '{0.2,0.2,0.2,0.2}'::real[],
	'correlation', '0.2228739'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'flag',
	'inherited', 'f'::boolean,
	'null_frac', '0.325'::real,
	'avg_width', '1'::integer,
	'n_distinct', '2'::real,
	'most_common_vals', '{t,f}'::text,
	'most_common_freqs', '{0.35,0.325}'::real[],
	'correlation', '0.5'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'ia',
	'inherited', 'f'::boolean,
	'null_frac', '0.25'::real,
	'avg_width', '31'::integer,
	'n_distinct', '-0.3'::real,
	'most_common_vals', '{"{}","{{1,2},{3,4}}"}'::text,
	'most_common_freqs', '{0.25,0.25}'::real[],
	'histogram_bounds', '{"{1,NULL,-1}","{5,NULL,-5}","{9,NULL,-9}","{13,NULL,-13}","{17,NULL,-17}","{21,NULL,-21}","{25,NULL,-25}","{29,NULL,-29}","{33,NULL,-33}","{37,NULL,-37}"}'::text,
	'correlation', '0.2858732'::real,
	'most_common_elems', '{-37,-33,-29,-25,-21,-17,-13,-9,-5,-1,1,2,3,4,5,9,13,17,21,25,29,33,37}'::text,
	'most_common_elem_freqs', '{0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.36666667,0.33333334,0.33333334,0.33333334,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.033333335,0.36666667,0.33333334}'::real[],
	'elem_count_histogram', '{0,0,0,0,0,0,0,2,2,2,2,2,2,2,4,4,4,4,4,4,2}'::real[]
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'iv',
	'inherited', 'f'::boolean,
	'null_frac', '0.25'::real,
	'avg_width', '16'::integer,
	'n_distinct', '-0.75'::real,
	'histogram_bounds', '{"1 day 02:00:03.5","2 days 04:00:07","3 days 06:00:10.5","6 days 12:00:21","7 days 14:00:24.5","10 days 20:00:35","11 days 22:00:38.5","14 days 28:00:49","15 days 30:00:52.5","18 days 36:01:03","19 days 38:01:06.5","21 days 42:01:13.5","23 days 46:01:20.5","25 days 50:01:27.5","27 days 54:01:34.5","29 days 58:01:41.5","31 days 62:01:48.5","33 days 66:01:55.5","35 days 70:02:02.5","37 days 74:02:09.5","39 days 78:02:16.5"}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'j',
	'inherited', 'f'::boolean,
	'null_frac', '0.325'::real,
	'avg_width', '67'::integer,
	'n_distinct', '0'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'jb',
	'inherited', 'f'::boolean,
	'null_frac', '0.325'::real,
	'avg_width', '71'::integer,
	'n_distinct', '-0.675'::real,
	'histogram_bounds', '{"{\"tags\": [\"x\", \"y\"], \"email\": \"user11@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user14@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user17@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user20@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user26@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user29@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user2@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user35@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user38@example.com\"}","{\"tags\": [\"x\", \"y\"], \"email\": \"user5@example.com\"}","{\"i\": 1, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 4, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 7, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 10, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 16, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 19, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 22, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 28, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 31, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 34, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}","{\"i\": 40, \"nl\": \"a\\nb\", \"esc\": \"é中😀\", \"path\": \"C:\\\\temp\\\\x\"}"}'::text,
	'correlation', '0.3021978'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'm',
	'inherited', 'f'::boolean,
	'null_frac', '0.2'::real,
	'avg_width', '4'::integer,
	'n_distinct', '4'::real,
	'most_common_vals', '{sad,ok,happy,"très content"}'::text,
	'most_common_freqs', '{0.2,0.2,0.2,0.2}'::real[],
	'correlation', '0.2228739'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'n',
	'inherited', 'f'::boolean,
	'null_frac', '0.15'::real,
	'avg_width', '7'::integer,
	'n_distinct', '-0.7'::real,
	'most_common_vals', '{NaN}'::text,
	'most_common_freqs', '{0.175}'::real[],
	'histogram_bounds', '{-17530.8644,-16296.2966,-15061.7288,-13827.1610,-8888.8898,-7654.3220,-6419.7542,-1481.4830,-246.9152,987.6526,5925.9238,7160.4916,8395.0594,12098.7628,14567.8984,15802.4662,19506.1696,21975.3052,23209.8730,26913.5764,29382.7120}'::text,
	'correlation', '0.6128342'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'pt',
	'inherited', 'f'::boolean,
	'null_frac', '0.15'::real,
	'avg_width', '16'::integer,
	'n_distinct', '0'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'r',
	'inherited', 'f'::boolean,
	'null_frac', '0.25'::real,
	'avg_width', '11'::integer,
	'n_distinct', '-0.75'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'ta',
	'inherited', 'f'::boolean,
	'null_frac', '0.25'::real,
	'avg_width', '45'::integer,
	'n_distinct', '3'::real,
	'most_common_vals', '{"{}","{\"a	b\",\"c,d\",\"\\\"q\\\"\",\"NULL\",NULL,\"\",\"back\\\\slash\"}","{日本,😀}"}'::text,
	'most_common_freqs', '{0.25,0.25,0.25}'::real[],
	'correlation', '0.2858732'::real,
	'most_common_elems', '{"","\"q\"","NULL","a	b","back\\slash","c,d",日本,😀}'::text,
	'most_common_elem_freqs', '{0.33333334,0.33333334,0.33333334,0.33333334,0.33333334,0.33333334,0.33333334,0.33333334,0.33333334,0.33333334,0.33333334}'::real[],
	'elem_count_histogram', '{0,0,0,0,0,0,0,2,2,2,2,2,2,2,6,6,6,6,6,6,2.6666667}'::real[]
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'ts',
	'inherited', 'f'::boolean,
	'null_frac', '0.125'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-0.775'::real,
	'most_common_vals', '{-infinity}'::text,
	'most_common_freqs', '{0.125}'::real[],
	'histogram_bounds', '{"2024-03-10 16:13:59.123+00","2024-03-10 23:20:59.123+00","2024-03-11 06:27:59.123+00","2024-03-11 20:41:59.123+00","2024-03-12 03:48:59.123+00","2024-03-13 08:16:59.123+00","2024-03-13 15:23:59.123+00","2024-03-14 05:37:59.123+00","2024-03-14 12:44:59.123+00","2024-03-15 17:12:59.123+00","2024-03-16 00:19:59.123+00","2024-03-16 07:26:59.123+00","2024-03-16 21:40:59.123+00","2024-03-17 19:01:59.123+00","2024-03-18 09:15:59.123+00","2024-03-18 16:22:59.123+00","2024-03-19 06:36:59.123+00","2024-03-20 03:57:59.123+00","2024-03-20 18:11:59.123+00","2024-03-21 01:18:59.123+00","2024-03-21 15:32:59.123+00"}'::text,
	'correlation', '0.8235294'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types',
	'attname', 'u',
	'inherited', 'f'::boolean,
	'null_frac', '0.2'::real,
	'avg_width', '16'::integer,
	'n_distinct', '-0.8'::real,
	'histogram_bounds', '{05633d1d-24ff-0690-7e32-dbac64ec7052,086149ac-9dfe-0eee-d2b0-f7e957b899bc,1ababfd7-5d1d-24f3-8da1-843046757505,1cae2a8d-8aef-1769-f493-64ed358e7670,42a2aac8-a1ec-97a6-d71b-cb62baea13c8,4ce33505-0e76-ebc7-34da-85af5a6fc154,90a35b99-d557-854c-d929-2e2f87a64a2b,90e89732-084e-c1d9-7b44-5d61150c67b1,9d054fa4-8d21-0db7-2110-bc2b48b1fdd6,a4aaf9b6-11e1-0a9c-34b0-09a2647ba64f,abb9265f-bddf-bf92-aa47-93c601290ff9,b5f90ac8-fc4a-4a98-3b2c-a319ec6afe4e,ba81d489-c0b4-78e3-df90-29597701439f,bbbae6c1-36c5-a2ec-0e79-5ab471ab6f92,cc59bfae-ad28-b5a4-ca0f-58c801ed0efc,ce69675c-bc83-6bc9-e296-5aff13b3b5ad,d1e17ad7-9df0-567d-818c-f37363d145fe,e5677776-2f99-8e25-6f4e-924c2bd35ff2,e7cd0569-8e2c-2d46-8d57-0692af31c877,f386e508-40af-800e-207e-eeb83d18b75c,f772b9fc-56bb-badf-3173-56b02e65ddff}'::text,
	'correlation', '-0.079178885'::real
);


--
-- Statistics for Name: empty_table; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'empty_table',
	'relpages', '0'::integer,
	'reltuples', '0'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: jp_texts; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'jp_texts',
	'relpages', '1'::integer,
	'reltuples', '6'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'jp_texts',
	'attname', 'body',
	'inherited', 'f'::boolean,
	'null_frac', '0.16666667'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-0.8333333'::real,
	'histogram_bounds', '{"ソ\\表\\","ソ表\\x",十,"構
申","表示	能力"}'::text,
	'correlation', '0'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'jp_texts',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,2,3,4,5,6}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'jp_texts',
	'attname', 'kana',
	'inherited', 'f'::boolean,
	'null_frac', '0.16666667'::real,
	'avg_width', '5'::integer,
	'n_distinct', '-0.8333333'::real,
	'histogram_bounds', '{"\\N",ソース,ポ,ー,予定}'::text,
	'correlation', '-0.3'::real
);


--
-- Statistics for Name: measurements; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements',
	'relpages', '-1'::integer,
	'reltuples', '120'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements',
	'attname', 'city_id',
	'inherited', 't'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '10'::real,
	'most_common_vals', '{0,1,2,3,4,5,6,7,8,9}'::text,
	'most_common_freqs', '{0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1}'::real[],
	'correlation', '0.14171124'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements',
	'attname', 'logdate',
	'inherited', 't'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{2022-11-08,2022-12-13,2023-01-24,2023-03-07,2023-04-18,2023-05-30,2023-07-11,2023-08-22,2023-10-03,2023-11-14,2023-12-26,2024-02-06,2024-03-19,2024-04-30,2024-06-11,2024-07-23,2024-09-03,2024-10-15,2024-11-26,2025-01-07,2025-02-18}'::text,
	'correlation', '0.67039376'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements',
	'attname', 'note',
	'inherited', 't'::boolean,
	'null_frac', '0.25'::real,
	'avg_width', '15'::integer,
	'n_distinct', '-0.26666668'::real,
	'most_common_vals', '{"storm	warning
second line",sunny}'::text,
	'most_common_freqs', '{0.25,0.25}'::real[],
	'histogram_bounds', '{"station 0209d0","station 044990","station 0bdaaf","station 32061b","station 408579","station 4852e3","station 50bd0a","station 563106","station 638a8c","station 686313","station 8e8e9c","station 93b30c","station a031d5","station a1bfb1","station c4534f","station d92ad8","station dacee6","station dec5b6","station e41297","station e56e72","station f7bad5"}'::text,
	'correlation', '0.1824505'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements',
	'attname', 'peaktemp',
	'inherited', 't'::boolean,
	'null_frac', '0.1'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.375'::real,
	'most_common_vals', '{-9,-8,-6,-3,-1,2,3,7,8,11,13,16,18,19,21,23,24,26,27,28}'::text,
	'most_common_freqs', '{0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025,0.025}'::real[],
	'histogram_bounds', '{-10,-7,-5,-2,0,1,5,6,9,12,14,15,17,22,25,29,31,31,32,33,34}'::text,
	'correlation', '0.06490611'::real
);


--
-- Statistics for Name: measurements_2023; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2023',
	'relpages', '1'::integer,
	'reltuples', '52'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2023',
	'attname', 'city_id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.1923077'::real,
	'most_common_vals', '{0,9,1,2,3,4,5,6,7,8}'::text,
	'most_common_freqs', '{0.115384616,0.115384616,0.09615385,0.09615385,0.09615385,0.09615385,0.09615385,0.09615385,0.09615385,0.09615385}'::real[],
	'correlation', '0.17604372'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2023',
	'attname', 'logdate',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{2023-01-03,2023-01-17,2023-02-07,2023-02-21,2023-03-14,2023-03-28,2023-04-18,2023-05-02,2023-05-23,2023-06-06,2023-06-27,2023-07-18,2023-08-01,2023-08-22,2023-09-05,2023-09-26,2023-10-10,2023-10-31,2023-11-14,2023-12-05,2023-12-26}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2023',
	'attname', 'note',
	'inherited', 'f'::boolean,
	'null_frac', '0.25'::real,
	'avg_width', '15'::integer,
	'n_distinct', '-0.28846154'::real,
	'most_common_vals', '{"storm	warning
second line",sunny}'::text,
	'most_common_freqs', '{0.25,0.25}'::real[],
	'histogram_bounds', '{"station 0bdaaf","station 408579","station 45a9bc","station 50bd0a","station 638a8c","station a031d5","station bc0ac5","station c4534f","station d92ad8","station d92b5f","station dacee6","station dec5b6","station e41297"}'::text,
	'correlation', '0.15445344'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2023',
	'attname', 'peaktemp',
	'inherited', 'f'::boolean,
	'null_frac', '0.115384616'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.78846157'::real,
	'most_common_vals', '{-8,8,13,21,29}'::text,
	'most_common_freqs', '{0.03846154,0.03846154,0.03846154,0.03846154,0.03846154}'::real[],
	'histogram_bounds', '{-10,-9,-6,-3,-1,0,2,4,6,7,11,14,16,17,19,23,25,26,28,32,34}'::text,
	'correlation', '0.016342893'::real
);


--
-- Statistics for Name: measurements_2024; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2024',
	'relpages', '1'::integer,
	'reltuples', '53'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2024',
	'attname', 'city_id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.18867925'::real,
	'most_common_vals', '{1,2,3,0,4,5,6,7,8,9}'::text,
	'most_common_freqs', '{0.11320755,0.11320755,0.11320755,0.094339624,0.094339624,0.094339624,0.094339624,0.094339624,0.094339624,0.094339624}'::real[],
	'correlation', '0.09691985'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2024',
	'attname', 'logdate',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{2024-01-02,2024-01-16,2024-02-06,2024-02-20,2024-03-12,2024-04-02,2024-04-16,2024-05-07,2024-05-21,2024-06-11,2024-07-02,2024-07-16,2024-08-06,2024-08-20,2024-09-10,2024-10-01,2024-10-15,2024-11-05,2024-11-19,2024-12-10,2024-12-31}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2024',
	'attname', 'note',
	'inherited', 'f'::boolean,
	'null_frac', '0.24528302'::real,
	'avg_width', '15'::integer,
	'n_distinct', '-0.28301886'::real,
	'most_common_vals', '{sunny,"storm	warning
second line"}'::text,
	'most_common_freqs', '{0.26415095,0.24528302}'::real[],
	'histogram_bounds', '{"station 0209d0","station 22336b","station 32061b","station 4852e3","station 563106","station 654148","station 8e8e9c","station 93b30c","station a1bfb1","station e3232b","station e56e72","station f07f9c","station f7bad5"}'::text,
	'correlation', '0.26472795'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_2024',
	'attname', 'peaktemp',
	'inherited', 'f'::boolean,
	'null_frac', '0.094339624'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.7735849'::real,
	'most_common_vals', '{-6,-3,2,18,26,31,34}'::text,
	'most_common_freqs', '{0.03773585,0.03773585,0.03773585,0.03773585,0.03773585,0.03773585,0.03773585}'::real[],
	'histogram_bounds', '{-9,-8,-5,-4,-1,3,4,6,8,9,11,13,14,17,20,21,23,27,28,30,33}'::text,
	'correlation', '0.050911855'::real
);


--
-- Statistics for Name: measurements_other; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_other',
	'relpages', '1'::integer,
	'reltuples', '15'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_other',
	'attname', 'city_id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.6666667'::real,
	'most_common_vals', '{4,5,6,7,8}'::text,
	'most_common_freqs', '{0.13333334,0.13333334,0.13333334,0.13333334,0.13333334}'::real[],
	'histogram_bounds', '{0,1,2,3,9}'::text,
	'correlation', '0.51785713'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_other',
	'attname', 'logdate',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{2022-11-08,2022-11-15,2022-11-22,2022-11-29,2022-12-06,2022-12-13,2022-12-20,2022-12-27,2025-01-07,2025-01-14,2025-01-21,2025-01-28,2025-02-04,2025-02-11,2025-02-18}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_other',
	'attname', 'note',
	'inherited', 'f'::boolean,
	'null_frac', '0.26666668'::real,
	'avg_width', '16'::integer,
	'n_distinct', '-0.4'::real,
	'most_common_vals', '{"storm	warning
second line",sunny}'::text,
	'most_common_freqs', '{0.26666668,0.2}'::real[],
	'histogram_bounds', '{"station 044990","station 55a636","station 686313","station 9678f7"}'::text,
	'correlation', '-0.10909091'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'measurements_other',
	'attname', 'peaktemp',
	'inherited', 'f'::boolean,
	'null_frac', '0.06666667'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.93333334'::real,
	'histogram_bounds', '{-9,-5,-1,3,7,11,15,16,19,23,24,27,28,32}'::text,
	'correlation', '-0.18681319'::real
);


--
-- Statistics for Name: no_columns; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'no_columns',
	'relpages', '1'::integer,
	'reltuples', '3'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: orders; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'relpages', '1'::integer,
	'reltuples', '60'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,3,6,9,12,15,18,21,24,27,30,33,36,39,42,45,48,51,54,57,60}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'attname', 'ordered_at',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '8'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{"2024-01-02 15:00:00+00","2024-01-04 21:00:00+00","2024-01-08 06:00:00+00","2024-01-11 15:00:00+00","2024-01-15 00:00:00+00","2024-01-18 09:00:00+00","2024-01-21 18:00:00+00","2024-01-25 03:00:00+00","2024-01-28 12:00:00+00","2024-01-31 21:00:00+00","2024-02-04 06:00:00+00","2024-02-07 15:00:00+00","2024-02-11 00:00:00+00","2024-02-14 09:00:00+00","2024-02-17 18:00:00+00","2024-02-21 03:00:00+00","2024-02-24 12:00:00+00","2024-02-27 21:00:00+00","2024-03-02 06:00:00+00","2024-03-05 15:00:00+00","2024-03-09 00:00:00+00"}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'attname', 'person_id',
	'inherited', 'f'::boolean,
	'null_frac', '0.1'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.9'::real,
	'histogram_bounds', '{4,9,18,26,35,47,56,68,77,86,98,107,119,128,137,149,158,170,179,188,200}'::text,
	'correlation', '0.20099105'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'attname', 'qty',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '5'::real,
	'most_common_vals', '{1,2,3,4,5}'::text,
	'most_common_freqs', '{0.2,0.2,0.2,0.2,0.2}'::real[],
	'correlation', '0.19866629'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'attname', 'status',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '4'::real,
	'most_common_vals', '{sad,ok,happy,"très content"}'::text,
	'most_common_freqs', '{0.25,0.25,0.25,0.25}'::real[],
	'correlation', '0.23645458'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'attname', 'total',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '6'::integer,
	'n_distinct', '-0.93333334'::real,
	'most_common_vals', '{37.56,62.60,100.16,162.76}'::text,
	'most_common_freqs', '{0.033333335,0.033333335,0.033333335,0.033333335}'::real[],
	'histogram_bounds', '{0.48,9.55,18.78,25.36,40.85,47.43,65.73,72.15,87.80,93.90,112.68,138.36,141.33,188.28,194.06,219.10,235.23,266.85,297.35,350.56,453.85}'::text,
	'correlation', '0.3042512'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders',
	'attname', 'unit_price',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '6'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{0.16,3.29,9.39,12.68,18.78,22.07,28.17,31.46,37.56,40.85,46.95,50.24,56.34,59.63,65.73,69.02,75.12,78.41,84.51,87.80,97.03}'::text,
	'correlation', '0.4262851'::real
);


--
-- Statistics for Name: people; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'relpages', '3'::integer,
	'reltuples', '200'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'attname', 'birth_date',
	'inherited', 'f'::boolean,
	'null_frac', '0.11'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.89'::real,
	'histogram_bounds', '{1950-06-15,1952-01-13,1953-10-28,1957-02-15,1959-09-03,1961-09-26,1965-12-28,1967-09-12,1970-11-25,1973-08-17,1975-02-01,1980-06-05,1983-03-22,1985-04-28,1987-09-20,1990-11-19,1992-09-17,1995-09-17,1998-10-29,2001-04-24,2004-07-20}'::text,
	'correlation', '-0.054092385'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'attname', 'email',
	'inherited', 'f'::boolean,
	'null_frac', '0.09'::real,
	'avg_width', '28'::integer,
	'n_distinct', '-0.90999997'::real,
	'histogram_bounds', '{user1.6ec435c2@example.com,user107.eefa5147@example.com,user117.9fa11ffa@example.com,user126.a4851437@example.com,user135.87b74a45@example.com,user144.38599395@example.com,user152.f5e37461@example.com,user161.86730835@example.com,user170.46d4afc4@example.com,user18.f1f7e844@example.com,user189.e40c7a49@example.com,user197.ea3d9e19@example.com,user26.b9361210@example.com,user35.ec3757f0@example.com,user43.bfb9c326@example.com,user52.f522cc6b@example.com,user61.1d25d785@example.com,user70.e96ecc76@example.com,user8.4f9d7ef2@example.com,user89.2ebb41d7@example.com,user98.a1a57a0e@example.com}'::text,
	'correlation', '-0.37479386'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'attname', 'first_name',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '6'::integer,
	'n_distinct', '16'::real,
	'most_common_vals', '{Fatma,Zoë,Anna,José,Bruno,Nguyễn,Hana,Dmitri,Ingrid,Grégoire,Olu,Mårten,Chloé,Kai,Léa,Eitan}'::text,
	'most_common_freqs', '{0.1,0.095,0.085,0.085,0.08,0.075,0.065,0.06,0.06,0.05,0.05,0.045,0.04,0.04,0.04,0.03}'::real[],
	'correlation', '-0.017155929'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,10,20,30,40,50,60,70,80,90,100,110,120,130,140,150,160,170,180,190,200}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'attname', 'last_name',
	'inherited', 'f'::boolean,
	'null_frac', '0.075'::real,
	'avg_width', '7'::integer,
	'n_distinct', '12'::real,
	'most_common_vals', '{Kowalski,Ndiaye,Dupont,佐藤,García,Øster,李,Nakamura,"van der Berg",Müller,Smith,O''Brien}'::text,
	'most_common_freqs', '{0.145,0.1,0.085,0.085,0.08,0.08,0.08,0.075,0.065,0.055,0.05,0.025}'::real[],
	'correlation', '0.08205716'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'attname', 'notes',
	'inherited', 'f'::boolean,
	'null_frac', '0.165'::real,
	'avg_width', '28'::integer,
	'n_distinct', '-0.835'::real,
	'histogram_bounds', '{"back\\slash C:\\Users\\u10 and a literal \\N","back\\slash C:\\Users\\u142 and a literal \\N","back\\slash C:\\Users\\u184 and a literal \\N","back\\slash C:\\Users\\u46 and a literal \\N","crlf
note 02caf7bc0aedbc652ea0fddb0f72ab2d","crlf
note 3c95a3beba1f74afb860d5d878a3a774","crlf
note 741ab57e72c8e6b3d537bfb889c9f40b","crlf
note c4d31f78445891eaa2eac488d3876fa1","multi
line
note 104","multi
line
note 146","multi
line
note 2","multi
line
note 56","multi
line
note 98","plain note 133","plain note 187","plain note 49","plain note 91","tab	separated	note 147","tab	separated	note 189","tab	separated	note 51","tab	separated	note 99"}'::text,
	'correlation', '-0.071992844'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people',
	'attname', 'phone',
	'inherited', 'f'::boolean,
	'null_frac', '0.14'::real,
	'avg_width', '12'::integer,
	'n_distinct', '-0.86'::real,
	'histogram_bounds', '{+1-555-0043,+1-555-0461,+1-555-1034,+1-555-1551,+1-555-2068,+1-555-2542,+1-555-3059,+1-555-3576,+1-555-3981,+1-555-4498,+1-555-5015,+1-555-5545,+1-555-5950,+1-555-6523,+1-555-7040,+1-555-7514,+1-555-7962,+1-555-8436,+1-555-8953,+1-555-9414,+1-555-9987}'::text,
	'correlation', '0.0046530496'::real
);


--
-- Statistics for Name: people_with_a_deliberately_long_name_of_exactly_sixty_three_byt; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_with_a_deliberately_long_name_of_exactly_sixty_three_byt',
	'relpages', '1'::integer,
	'reltuples', '5'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_with_a_deliberately_long_name_of_exactly_sixty_three_byt',
	'attname', 'column_with_a_deliberately_long_name_of_exactly_sixty_three_byt',
	'inherited', 'f'::boolean,
	'null_frac', '0.2'::real,
	'avg_width', '7'::integer,
	'n_distinct', '-0.8'::real,
	'histogram_bounds', '{"long 1","long 2","long 4","long 5"}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_with_a_deliberately_long_name_of_exactly_sixty_three_byt',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,2,3,4,5}'::text,
	'correlation', '1'::real
);


--
-- Statistics for Name: texts; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'texts',
	'relpages', '1'::integer,
	'reltuples', '26'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'texts',
	'attname', 'body',
	'inherited', 'f'::boolean,
	'null_frac', '0.03846154'::real,
	'avg_width', '17'::integer,
	'n_distinct', '-0.96153843'::real,
	'histogram_bounds', '{"",""," 	 
 ","$$ $tag$ %s %d %%","-- not a comment; /* nor this */ \\.;",N,"NULL","\\.
\\.
","\\101 \\x41 \\u0041","\\N","a	b","a​b ‏עברית‎ العربية","back\\slash","café naïve façade Ærøskøbing ŝ","crlf
","ends with \\","é ñ Å","it''s \"quoted\" `back`","line1
line2","tab	日本
😀\\N","😀 🎉 👩‍💻 🇫🇷"}'::text,
	'correlation', '-0.09304348'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'texts',
	'attname', 'id',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{1,2,3,4,6,7,8,9,11,12,13,14,16,17,18,19,21,22,23,24,26}'::text,
	'correlation', '1'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'texts',
	'attname', 'label',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '11'::integer,
	'n_distinct', '-1'::real,
	'histogram_bounds', '{N,"NULL word",accents,backslash,"backslash dot lines","carriage return",cjk,combining,crlf,"dollar and percent",emoji,"empty string",long,mixed,newline,"null",quotes,"rtl and zero width","sql lookalike",tab,"whitespace only"}'::text,
	'correlation', '0.19863248'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'texts',
	'attname', 'tags',
	'inherited', 'f'::boolean,
	'null_frac', '0.46153846'::real,
	'avg_width', '36'::integer,
	'n_distinct', '-0.53846157'::real,
	'histogram_bounds', '{"{\"\"}","{\"	日本
\",\"😀\\\\\"}","{\" \"}","{N}","{\"NULL\"}","{\"\\\\.\"}","{\"\\\\N\",\"NULL\",NULL}","{\"a	b\",\"c,d\"}","{\"back\\\\slash\",\"\\\"q\\\"\"}","{it''s,\"\\\"\",\"{\",\"}\"}","{\"x
y\"}","{é,ü}","{日本,中文}","{😀}"}'::text,
	'correlation', '-0.13406594'::real,
	'most_common_elems', '{"","	日本
"," ","\"","\"q\"",N,"NULL","\\.","\\N","a	b","back\\slash","c,d",it''s,"x
y","{","}",é,ü,中文,日本,😀,"😀\\"}'::text,
	'most_common_elem_freqs', '{0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.14285715,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.071428575,0.14285715,0.071428575}'::real[],
	'elem_count_histogram', '{1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,4,1.6428572}'::real[]
);


--
-- Name: Weird Table Weird Table_pkey; Type: CONSTRAINT; Schema: CRM Data; Owner: postgres
--

ALTER TABLE ONLY "CRM Data"."Weird Table"
    ADD CONSTRAINT "Weird Table_pkey" PRIMARY KEY (id);


--
-- Name: all_types all_types_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.all_types
    ADD CONSTRAINT all_types_pkey PRIMARY KEY (id);


--
-- Name: jp_texts jp_texts_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.jp_texts
    ADD CONSTRAINT jp_texts_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: people people_email_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_email_key UNIQUE (email);


--
-- Name: people_email_lower_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX people_email_lower_idx ON public.people USING btree (lower((email)::text));


--
-- Name: people_last_name_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX people_last_name_idx ON public.people USING btree (last_name);


--
-- Name: people people_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_pkey PRIMARY KEY (id);


--
-- Name: people_with_a_deliberately_long_name_of_exactly_sixty_three_byt people_with_a_deliberately_long_name_of_exactly_sixty_thre_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt
    ADD CONSTRAINT people_with_a_deliberately_long_name_of_exactly_sixty_thre_pkey PRIMARY KEY (id);


--
-- Name: texts texts_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.texts
    ADD CONSTRAINT texts_pkey PRIMARY KEY (id);


--
-- Name: orders orders_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);


--
-- Statistics for Name: Weird Table_pkey; Type: STATISTICS DATA; Schema: CRM Data; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'CRM Data',
	'relname', 'Weird Table_pkey',
	'relpages', '2'::integer,
	'reltuples', '30'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: all_types_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'all_types_pkey',
	'relpages', '2'::integer,
	'reltuples', '40'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: jp_texts_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'jp_texts_pkey',
	'relpages', '2'::integer,
	'reltuples', '6'::real,
	'relallvisible', '0'::integer
);


--
-- Name: order_totals; Type: MATERIALIZED VIEW DATA; Schema: public; Owner: postgres
--

REFRESH MATERIALIZED VIEW public.order_totals;


--
-- Statistics for Name: order_totals; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'order_totals',
	'relpages', '1'::integer,
	'reltuples', '55'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'order_totals',
	'attname', 'n',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '8'::integer,
	'n_distinct', '2'::real,
	'most_common_vals', '{1}'::text,
	'most_common_freqs', '{0.9818182}'::real[],
	'correlation', '0.89285713'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'order_totals',
	'attname', 'person_id',
	'inherited', 'f'::boolean,
	'null_frac', '0.018181818'::real,
	'avg_width', '4'::integer,
	'n_distinct', '-0.9818182'::real,
	'histogram_bounds', '{4,9,18,26,35,47,56,68,77,86,98,107,119,128,137,149,158,170,179,188,200}'::text,
	'correlation', '-0.07863541'::real
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'order_totals',
	'attname', 'total',
	'inherited', 'f'::boolean,
	'null_frac', '0'::real,
	'avg_width', '6'::integer,
	'n_distinct', '-0.94545454'::real,
	'most_common_vals', '{37.56,100.16,162.76}'::text,
	'most_common_freqs', '{0.036363635,0.036363635,0.036363635}'::real[],
	'histogram_bounds', '{0.48,9.55,15.65,32.10,46.95,62.60,68.86,75.76,94.38,112.68,138.36,141.33,159.63,194.06,206.58,235.23,263.56,287.96,345.10,357.30,453.85}'::text,
	'correlation', '-0.14805195'::real
);


--
-- Statistics for Name: orders_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'orders_pkey',
	'relpages', '2'::integer,
	'reltuples', '60'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: people_email_key; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_email_key',
	'relpages', '4'::integer,
	'reltuples', '200'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: people_email_lower_idx; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_email_lower_idx',
	'relpages', '4'::integer,
	'reltuples', '200'::real,
	'relallvisible', '0'::integer
);
SELECT * FROM pg_catalog.pg_restore_attribute_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_email_lower_idx',
	'attnum', '1'::smallint,
	'inherited', 'f'::boolean,
	'null_frac', '0.09'::real,
	'avg_width', '31'::integer,
	'n_distinct', '-0.90999997'::real,
	'histogram_bounds', '{user1.6ec435c2@example.com,user107.eefa5147@example.com,user117.9fa11ffa@example.com,user126.a4851437@example.com,user135.87b74a45@example.com,user144.38599395@example.com,user152.f5e37461@example.com,user161.86730835@example.com,user170.46d4afc4@example.com,user18.f1f7e844@example.com,user189.e40c7a49@example.com,user197.ea3d9e19@example.com,user26.b9361210@example.com,user35.ec3757f0@example.com,user43.bfb9c326@example.com,user52.f522cc6b@example.com,user61.1d25d785@example.com,user70.e96ecc76@example.com,user8.4f9d7ef2@example.com,user89.2ebb41d7@example.com,user98.a1a57a0e@example.com}'::text,
	'correlation', '-0.37479386'::real
);


--
-- Statistics for Name: people_last_name_idx; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_last_name_idx',
	'relpages', '2'::integer,
	'reltuples', '200'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: people_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_pkey',
	'relpages', '2'::integer,
	'reltuples', '200'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: people_with_a_deliberately_long_name_of_exactly_sixty_thre_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'people_with_a_deliberately_long_name_of_exactly_sixty_thre_pkey',
	'relpages', '2'::integer,
	'reltuples', '5'::real,
	'relallvisible', '0'::integer
);


--
-- Statistics for Name: texts_pkey; Type: STATISTICS DATA; Schema: public; Owner: -
--

SELECT * FROM pg_catalog.pg_restore_relation_stats(
	'version', '150018'::integer,
	'schemaname', 'public',
	'relname', 'texts_pkey',
	'relpages', '2'::integer,
	'reltuples', '26'::real,
	'relallvisible', '0'::integer
);


--
-- PostgreSQL database dump complete
--

\unrestrict fJAxDjhEvM6HQ6wfJ7gVcIH6VQ2h5scFOpcSZiCAcSyDaNsy3aLqsGlgnQ2s6ML

