--
-- PostgreSQL database dump
--

\restrict huZrUbqVwiTkvolvh5UMMhQWAusNUe9sxGFlT0a8DFkP065VSXL8D3qvCwjhRa3

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 17.11 (Debian 17.11-0+deb13u1)

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
-- PostgreSQL database dump complete
--

\unrestrict huZrUbqVwiTkvolvh5UMMhQWAusNUe9sxGFlT0a8DFkP065VSXL8D3qvCwjhRa3

