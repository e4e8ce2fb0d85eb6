--
-- PostgreSQL database dump
--

\restrict EMRB58Nc0EGCjHU8dpGwJxWHIfIne0NbBLCzkh8jucNXUIO1QQ584sYeTUVaNgm

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
-- Name: people_email_lower_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX people_email_lower_idx ON public.people USING btree (lower((email)::text));


--
-- Name: people_last_name_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX people_last_name_idx ON public.people USING btree (last_name);


--
-- Name: orders orders_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);


--
-- Name: order_totals; Type: MATERIALIZED VIEW DATA; Schema: public; Owner: postgres
--

REFRESH MATERIALIZED VIEW public.order_totals;


--
-- PostgreSQL database dump complete
--

\unrestrict EMRB58Nc0EGCjHU8dpGwJxWHIfIne0NbBLCzkh8jucNXUIO1QQ584sYeTUVaNgm

