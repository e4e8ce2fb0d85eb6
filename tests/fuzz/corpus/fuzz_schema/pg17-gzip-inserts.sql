--
-- PostgreSQL database dump
--

\restrict IhLFY0yh28aDzioYVOnLSoBJGce8WLZY2dyFAUNXN49vRH2sKMsf75EqXj8AR07

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
-- Data for Name: Weird Table; Type: TABLE DATA; Schema: CRM Data; Owner: postgres
--

INSERT INTO "CRM Data"."Weird Table" VALUES (1, 'Person 18f4fa462d', 'sel	ect 1', 100, 'a=b:c 1', '"1"', 'ü1');
INSERT INTO "CRM Data"."Weird Table" VALUES (2, 'Person fb4111e959', 'sel	ect 2', 200, 'a=b:c 2', NULL, 'ü2');
INSERT INTO "CRM Data"."Weird Table" VALUES (3, 'Person 48adbcc864', NULL, 300, 'a=b:c 3', '"3"', 'ü3');
INSERT INTO "CRM Data"."Weird Table" VALUES (4, 'Person 10459dc2fe', 'sel	ect 4', NULL, 'a=b:c 4', NULL, 'ü4');
INSERT INTO "CRM Data"."Weird Table" VALUES (5, 'Person 14eb7de787', 'sel	ect 5', 500, NULL, '"5"', 'ü5');
INSERT INTO "CRM Data"."Weird Table" VALUES (6, 'Person 05a1b82f6e', NULL, 600, 'a=b:c 6', NULL, NULL);
INSERT INTO "CRM Data"."Weird Table" VALUES (7, 'Person 6e2164c3d2', 'sel	ect 7', 700, 'a=b:c 7', '"7"', 'ü7');
INSERT INTO "CRM Data"."Weird Table" VALUES (8, 'Person 9c9844ba0a', 'sel	ect 8', NULL, 'a=b:c 8', NULL, 'ü8');
INSERT INTO "CRM Data"."Weird Table" VALUES (9, 'Person 4c4f6d10e9', NULL, 900, 'a=b:c 9', '"9"', 'ü9');
INSERT INTO "CRM Data"."Weird Table" VALUES (10, 'Person 814fa57169', 'sel	ect 10', 1000, NULL, NULL, 'ü10');
INSERT INTO "CRM Data"."Weird Table" VALUES (11, 'Person 69a49d2185', 'sel	ect 11', 1100, 'a=b:c 11', '"11"', 'ü11');
INSERT INTO "CRM Data"."Weird Table" VALUES (12, 'Person d88190f493', NULL, NULL, 'a=b:c 12', NULL, NULL);
INSERT INTO "CRM Data"."Weird Table" VALUES (13, 'Person f176c33b65', 'sel	ect 13', 1300, 'a=b:c 13', '"13"', 'ü13');
INSERT INTO "CRM Data"."Weird Table" VALUES (14, 'Person 0b98c51369', 'sel	ect 14', 1400, 'a=b:c 14', NULL, 'ü14');
INSERT INTO "CRM Data"."Weird Table" VALUES (15, 'Person 94c0fd54c4', NULL, 1500, NULL, '"15"', 'ü15');
INSERT INTO "CRM Data"."Weird Table" VALUES (16, 'Person ad09689f85', 'sel	ect 16', NULL, 'a=b:c 16', NULL, 'ü16');
INSERT INTO "CRM Data"."Weird Table" VALUES (17, 'Person 4305fb36fb', 'sel	ect 17', 1700, 'a=b:c 17', '"17"', 'ü17');
INSERT INTO "CRM Data"."Weird Table" VALUES (18, 'Person c9177c0edd', NULL, 1800, 'a=b:c 18', NULL, NULL);
INSERT INTO "CRM Data"."Weird Table" VALUES (19, 'Person 18cb453202', 'sel	ect 19', 1900, 'a=b:c 19', '"19"', 'ü19');
INSERT INTO "CRM Data"."Weird Table" VALUES (20, 'Person 7abda2cd5f', 'sel	ect 20', NULL, NULL, NULL, 'ü20');
INSERT INTO "CRM Data"."Weird Table" VALUES (21, 'Person 1f98ef6ace', NULL, 2100, 'a=b:c 21', '"21"', 'ü21');
INSERT INTO "CRM Data"."Weird Table" VALUES (22, 'Person 7f48c1379b', 'sel	ect 22', 2200, 'a=b:c 22', NULL, 'ü22');
INSERT INTO "CRM Data"."Weird Table" VALUES (23, 'Person 74ad06dd40', 'sel	ect 23', 2300, 'a=b:c 23', '"23"', 'ü23');
INSERT INTO "CRM Data"."Weird Table" VALUES (24, 'Person 1243f4416a', NULL, NULL, 'a=b:c 24', NULL, NULL);
INSERT INTO "CRM Data"."Weird Table" VALUES (25, 'Person 495692f660', 'sel	ect 25', 2500, NULL, '"25"', 'ü25');
INSERT INTO "CRM Data"."Weird Table" VALUES (26, 'Person 587bf9871e', 'sel	ect 26', 2600, 'a=b:c 26', NULL, 'ü26');
INSERT INTO "CRM Data"."Weird Table" VALUES (27, 'Person 3b72b0aacf', NULL, 2700, 'a=b:c 27', '"27"', 'ü27');
INSERT INTO "CRM Data"."Weird Table" VALUES (28, 'Person 232683284d', 'sel	ect 28', NULL, 'a=b:c 28', NULL, 'ü28');
INSERT INTO "CRM Data"."Weird Table" VALUES (29, 'Person 82c28b3ea9', 'sel	ect 29', 2900, 'a=b:c 29', '"29"', 'ü29');
INSERT INTO "CRM Data"."Weird Table" VALUES (30, 'Person 8a4a8c8225', NULL, 3000, NULL, NULL, NULL);


--
-- Data for Name: all_types; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.all_types VALUES (1, '\x00', '{1,NULL,-1}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', '{"i": 1, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 1, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 'NaN', 'infinity', '-infinity', true, 'ok', 'typed1@example.org', 'Infinity', '1 day 02:00:03.5', 'f772b9fc-56bb-badf-3173-56b02e65ddff', 'a  ', B'00000001', 'empty', '(1,-0.3333333333333333)');
INSERT INTO public.all_types VALUES (2, '\x0000ff005c0a09', '{}', '{日本,😀}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user2@example.com"}', -17530.8644, '2000-05-13', '2024-03-10 16:13:59.123+00', false, 'happy', NULL, -0, '2 days 04:00:07', '42a2aac8-a1ec-97a6-d71b-cb62baea13c8', 'a  ', B'00000010', '[2,20)', '(2,-0.6666666666666666)');
INSERT INTO public.all_types VALUES (3, '\xda1812648b0b1ec93962f174e6095d65', '{{1,2},{3,4}}', '{}', NULL, NULL, -16296.2966, '2000-06-19', '2024-03-10 23:20:59.123+00', NULL, 'très content', 'typed3@example.org', 0.3333333333333333, '3 days 06:00:10.5', 'e7cd0569-8e2c-2d46-8d57-0692af31c877', NULL, NULL, '[3,30)', '(3,-1)');
INSERT INTO public.all_types VALUES (4, '\x', NULL, NULL, '{"i": 4, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 4, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', -15061.7288, '2000-07-26', '2024-03-11 06:27:59.123+00', true, NULL, NULL, 1e+300, NULL, '9d054fa4-8d21-0db7-2110-bc2b48b1fdd6', 'a  ', B'00000100', NULL, '(4,-1.3333333333333333)');
INSERT INTO public.all_types VALUES (5, NULL, '{5,NULL,-5}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user5@example.com"}', -13827.1610, '2000-09-01', '2024-03-11 13:34:59.123+00', false, 'sad', 'typed5@example.org', NULL, '5 days 10:00:17.5', NULL, 'a  ', B'00000101', 'empty', '(5,-1.6666666666666667)');
INSERT INTO public.all_types VALUES (6, '\x00', '{}', '{日本,😀}', NULL, NULL, NULL, '2000-10-08', '2024-03-11 20:41:59.123+00', NULL, 'ok', NULL, 'Infinity', '6 days 12:00:21', 'bb4b35cb-fb9f-30c6-32eb-e74fea43d016', NULL, NULL, '[6,60)', NULL);
INSERT INTO public.all_types VALUES (7, '\x0000ff005c0a09', '{{1,2},{3,4}}', '{}', '{"i": 7, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 7, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 'NaN', NULL, '2024-03-12 03:48:59.123+00', true, 'happy', 'typed7@example.org', -0, '7 days 14:00:24.5', 'cd6fb094-92a7-2932-b01e-46ac56a5970f', 'a  ', B'00000111', '[7,70)', '(7,-2.3333333333333335)');
INSERT INTO public.all_types VALUES (8, '\xcf15b48971659a35f30030204cb46eac', NULL, NULL, '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user8@example.com"}', -10123.4576, 'infinity', NULL, false, 'très content', NULL, 0.3333333333333333, NULL, 'b5f90ac8-fc4a-4a98-3b2c-a319ec6afe4e', 'a  ', B'00001000', NULL, '(8,-2.6666666666666665)');
INSERT INTO public.all_types VALUES (9, '\x', '{9,NULL,-9}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', NULL, NULL, -8888.8898, '2001-01-27', '-infinity', NULL, NULL, 'typed9@example.org', 1e+300, '9 days 18:00:31.5', '05633d1d-24ff-0690-7e32-dbac64ec7052', NULL, NULL, 'empty', '(9,-3)');
INSERT INTO public.all_types VALUES (10, NULL, '{}', '{日本,😀}', '{"i": 10, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 10, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', -7654.3220, '2001-03-05', '2024-03-13 01:09:59.123+00', true, 'sad', NULL, NULL, '10 days 20:00:35', NULL, 'a  ', B'00001010', '[10,100)', '(10,-3.3333333333333335)');
INSERT INTO public.all_types VALUES (11, '\x00', '{{1,2},{3,4}}', '{}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user11@example.com"}', -6419.7542, '2001-04-11', '2024-03-13 08:16:59.123+00', false, 'ok', 'typed11@example.org', 'Infinity', '11 days 22:00:38.5', '9b79b496-a87f-e34d-38b1-39295d82c578', 'a  ', B'00001011', '[11,110)', '(11,-3.6666666666666665)');
INSERT INTO public.all_types VALUES (12, '\x0000ff005c0a09', NULL, NULL, NULL, NULL, NULL, '2001-05-18', '2024-03-13 15:23:59.123+00', NULL, 'happy', NULL, -0, NULL, '2c7b4c54-ea76-e3ef-4e15-443ebad22ea9', NULL, NULL, NULL, NULL);
INSERT INTO public.all_types VALUES (13, '\x398200464aa2c0a2917fce2a4eb33d8d', '{13,NULL,-13}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', '{"i": 13, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 13, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 'NaN', '2001-06-24', '2024-03-13 22:30:59.123+00', true, 'très content', 'typed13@example.org', 0.3333333333333333, '13 days 26:00:45.5', '1cae2a8d-8aef-1769-f493-64ed358e7670', 'a  ', B'00001101', 'empty', '(13,-4.333333333333333)');
INSERT INTO public.all_types VALUES (14, '\x', '{}', '{日本,😀}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user14@example.com"}', -2716.0508, NULL, '2024-03-14 05:37:59.123+00', false, NULL, NULL, 1e+300, '14 days 28:00:49', 'ba81d489-c0b4-78e3-df90-29597701439f', 'a  ', B'00001110', '[14,140)', '(14,-4.666666666666667)');
INSERT INTO public.all_types VALUES (15, NULL, '{{1,2},{3,4}}', '{}', NULL, NULL, -1481.4830, 'infinity', '2024-03-14 12:44:59.123+00', NULL, 'sad', 'typed15@example.org', NULL, '15 days 30:00:52.5', NULL, NULL, NULL, '[15,150)', '(15,-5)');
INSERT INTO public.all_types VALUES (16, '\x00', NULL, NULL, '{"i": 16, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 16, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', -246.9152, '2001-10-13', NULL, true, 'ok', NULL, 'Infinity', NULL, '4ce33505-0e76-ebc7-34da-85af5a6fc154', 'a  ', B'00010000', NULL, '(16,-5.333333333333333)');
INSERT INTO public.all_types VALUES (17, '\x0000ff005c0a09', '{17,NULL,-17}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user17@example.com"}', 987.6526, '2001-11-19', '-infinity', false, 'happy', 'typed17@example.org', -0, '17 days 34:00:59.5', 'b4d50a21-ef61-fcfb-b1b8-1382f93155da', 'a  ', B'00010001', 'empty', '(17,-5.666666666666667)');
INSERT INTO public.all_types VALUES (18, '\x062082a4ba32165bce87b8ec16f2a33b', '{}', '{日本,😀}', NULL, NULL, NULL, '2001-12-26', '2024-03-15 10:05:59.123+00', NULL, 'très content', NULL, 0.3333333333333333, '18 days 36:01:03', 'eabd2f29-ea43-695e-1b0e-9362cdae545f', NULL, NULL, '[18,180)', NULL);
INSERT INTO public.all_types VALUES (19, '\x', '{{1,2},{3,4}}', '{}', '{"i": 19, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 19, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 'NaN', '2002-02-01', '2024-03-15 17:12:59.123+00', true, NULL, 'typed19@example.org', 1e+300, '19 days 38:01:06.5', 'f5cde88d-93ac-5584-305b-637ab04833e1', 'a  ', B'00010011', '[19,190)', '(19,-6.333333333333333)');
INSERT INTO public.all_types VALUES (20, NULL, NULL, NULL, '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user20@example.com"}', 4691.3560, '2002-03-10', '2024-03-16 00:19:59.123+00', false, 'sad', NULL, NULL, NULL, NULL, 'a  ', B'00010100', NULL, '(20,-6.666666666666667)');
INSERT INTO public.all_types VALUES (21, '\x00', '{21,NULL,-21}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', NULL, NULL, 5925.9238, NULL, '2024-03-16 07:26:59.123+00', NULL, 'ok', 'typed21@example.org', 'Infinity', '21 days 42:01:13.5', '086149ac-9dfe-0eee-d2b0-f7e957b899bc', NULL, NULL, 'empty', '(21,-7)');
INSERT INTO public.all_types VALUES (22, '\x0000ff005c0a09', '{}', '{日本,😀}', '{"i": 22, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 22, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 7160.4916, 'infinity', '2024-03-16 14:33:59.123+00', true, 'happy', NULL, -0, '22 days 44:01:17', 'ce69675c-bc83-6bc9-e296-5aff13b3b5ad', 'a  ', B'00010110', '[22,220)', '(22,-7.333333333333333)');
INSERT INTO public.all_types VALUES (23, '\xccc0ac80ed0b4a6a7d398159a657eee3', '{{1,2},{3,4}}', '{}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user23@example.com"}', 8395.0594, '2002-06-29', '2024-03-16 21:40:59.123+00', false, 'très content', 'typed23@example.org', 0.3333333333333333, '23 days 46:01:20.5', 'cc59bfae-ad28-b5a4-ca0f-58c801ed0efc', 'a  ', B'00010111', '[23,230)', '(23,-7.666666666666667)');
INSERT INTO public.all_types VALUES (24, '\x', NULL, NULL, NULL, NULL, NULL, '2002-08-05', NULL, NULL, NULL, NULL, 1e+300, NULL, 'd1e17ad7-9df0-567d-818c-f37363d145fe', NULL, NULL, NULL, NULL);
INSERT INTO public.all_types VALUES (25, NULL, '{25,NULL,-25}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', '{"i": 25, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 25, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 'NaN', '2002-09-11', '-infinity', true, 'sad', 'typed25@example.org', NULL, '25 days 50:01:27.5', NULL, 'a  ', B'00011001', 'empty', '(25,-8.333333333333334)');
INSERT INTO public.all_types VALUES (26, '\x00', '{}', '{日本,😀}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user26@example.com"}', 12098.7628, '2002-10-18', '2024-03-17 19:01:59.123+00', false, 'ok', NULL, 'Infinity', '26 days 52:01:31', 'a645ef5b-d85a-a0ec-1df0-f154b8e7008a', 'a  ', B'00011010', '[26,260)', '(26,-8.666666666666666)');
INSERT INTO public.all_types VALUES (27, '\x0000ff005c0a09', '{{1,2},{3,4}}', '{}', NULL, NULL, 13333.3306, '2002-11-24', '2024-03-18 02:08:59.123+00', NULL, 'happy', 'typed27@example.org', -0, '27 days 54:01:34.5', 'abb9265f-bddf-bf92-aa47-93c601290ff9', NULL, NULL, '[27,270)', '(27,-9)');
INSERT INTO public.all_types VALUES (28, '\x2302669ff9c733a7d5d543c8a17571b4', NULL, NULL, '{"i": 28, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 28, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 14567.8984, NULL, '2024-03-18 09:15:59.123+00', true, 'très content', NULL, 0.3333333333333333, NULL, 'f386e508-40af-800e-207e-eeb83d18b75c', 'a  ', B'00011100', NULL, '(28,-9.333333333333334)');
INSERT INTO public.all_types VALUES (29, '\x', '{29,NULL,-29}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user29@example.com"}', 15802.4662, 'infinity', '2024-03-18 16:22:59.123+00', false, NULL, 'typed29@example.org', 1e+300, '29 days 58:01:41.5', 'a4aaf9b6-11e1-0a9c-34b0-09a2647ba64f', 'a  ', B'00011101', 'empty', '(29,-9.666666666666666)');
INSERT INTO public.all_types VALUES (30, NULL, '{}', '{日本,😀}', NULL, NULL, NULL, '2003-03-15', '2024-03-18 23:29:59.123+00', NULL, 'sad', NULL, NULL, '30 days 60:01:45', NULL, NULL, NULL, '[30,300)', NULL);
INSERT INTO public.all_types VALUES (31, '\x00', '{{1,2},{3,4}}', '{}', '{"i": 31, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 31, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 'NaN', '2003-04-21', '2024-03-19 06:36:59.123+00', true, 'ok', 'typed31@example.org', 'Infinity', '31 days 62:01:48.5', 'bbbae6c1-36c5-a2ec-0e79-5ab471ab6f92', 'a  ', B'00011111', '[31,310)', '(31,-10.333333333333334)');
INSERT INTO public.all_types VALUES (32, '\x0000ff005c0a09', NULL, NULL, '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user32@example.com"}', 19506.1696, '2003-05-28', NULL, false, 'happy', NULL, -0, NULL, '1ababfd7-5d1d-24f3-8da1-843046757505', 'a  ', B'00100000', NULL, '(32,-10.666666666666666)');
INSERT INTO public.all_types VALUES (33, '\xe116ea0f1d982240bb797e38af7ea5c5', '{33,NULL,-33}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', NULL, NULL, 20740.7374, '2003-07-04', '-infinity', NULL, 'très content', 'typed33@example.org', 0.3333333333333333, '33 days 66:01:55.5', 'e5677776-2f99-8e25-6f4e-924c2bd35ff2', NULL, NULL, 'empty', '(33,-11)');
INSERT INTO public.all_types VALUES (34, '\x', '{}', '{日本,😀}', '{"i": 34, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 34, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 21975.3052, '2003-08-10', '2024-03-20 03:57:59.123+00', true, NULL, NULL, 1e+300, '34 days 68:01:59', '139435cc-7c21-7502-d4bb-fad3146dcf14', 'a  ', B'00100010', '[34,340)', '(34,-11.333333333333334)');
INSERT INTO public.all_types VALUES (35, NULL, '{{1,2},{3,4}}', '{}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user35@example.com"}', 23209.8730, NULL, '2024-03-20 11:04:59.123+00', false, 'sad', 'typed35@example.org', NULL, '35 days 70:02:02.5', NULL, 'a  ', B'00100011', '[35,350)', '(35,-11.666666666666666)');
INSERT INTO public.all_types VALUES (36, '\x00', NULL, NULL, NULL, NULL, NULL, 'infinity', '2024-03-20 18:11:59.123+00', NULL, 'ok', NULL, 'Infinity', NULL, '90a35b99-d557-854c-d929-2e2f87a64a2b', NULL, NULL, NULL, NULL);
INSERT INTO public.all_types VALUES (37, '\x0000ff005c0a09', '{37,NULL,-37}', '{"a	b","c,d","\"q\"","NULL",NULL,"","back\\slash"}', '{"i": 37, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 37, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 'NaN', '2003-11-29', '2024-03-21 01:18:59.123+00', true, 'happy', 'typed37@example.org', -0, '37 days 74:02:09.5', 'd211036b-2fc2-3f12-586c-7f5a6acc9a5a', 'a  ', B'00100101', 'empty', '(37,-12.333333333333334)');
INSERT INTO public.all_types VALUES (38, '\xc5b182dc639a798406f0df0c0cdd34c8', '{}', '{日本,😀}', '[1, null, "two", {"k": "v\"q"}]', '{"tags": ["x", "y"], "email": "user38@example.com"}', 26913.5764, '2004-01-05', '2024-03-21 08:25:59.123+00', false, 'très content', NULL, 0.3333333333333333, '38 days 76:02:13', '90e89732-084e-c1d9-7b44-5d61150c67b1', 'a  ', B'00100110', '[38,380)', '(38,-12.666666666666666)');
INSERT INTO public.all_types VALUES (39, '\x', '{{1,2},{3,4}}', '{}', NULL, NULL, 28148.1442, '2004-02-11', '2024-03-21 15:32:59.123+00', NULL, NULL, 'typed39@example.org', 1e+300, '39 days 78:02:16.5', '8d12bc84-63fd-4ce0-af82-f90895fa868e', NULL, NULL, '[39,390)', '(39,-13)');
INSERT INTO public.all_types VALUES (40, NULL, NULL, NULL, '{"i": 40, "path": "C:\\temp\\x", "esc": "\u00e9\u4e2d\ud83d\ude00", "nul": "\u0000", "tab": "a\tb"}', '{"i": 40, "nl": "a\nb", "esc": "é中😀", "path": "C:\\temp\\x"}', 29382.7120, '2004-03-19', NULL, true, 'sad', NULL, NULL, NULL, NULL, 'a  ', B'00101000', NULL, '(40,-13.333333333333334)');


--
-- Data for Name: empty_table; Type: TABLE DATA; Schema: public; Owner: postgres
--



--
-- Data for Name: jp_texts; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.jp_texts VALUES (1, 'ソ表\x', 'ソース');
INSERT INTO public.jp_texts VALUES (2, '表示	能力', '予定');
INSERT INTO public.jp_texts VALUES (3, '十', NULL);
INSERT INTO public.jp_texts VALUES (4, 'ソ\表\', 'ポ');
INSERT INTO public.jp_texts VALUES (5, '構
申', 'ー');
INSERT INTO public.jp_texts VALUES (6, NULL, '\N');


--
-- Data for Name: measurements_2023; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.measurements_2023 VALUES (9, '2023-01-03', 8, 'sunny');
INSERT INTO public.measurements_2023 VALUES (0, '2023-01-10', NULL, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (1, '2023-01-17', -8, 'station c4534f');
INSERT INTO public.measurements_2023 VALUES (2, '2023-01-24', 29, NULL);
INSERT INTO public.measurements_2023 VALUES (3, '2023-01-31', 21, 'sunny');
INSERT INTO public.measurements_2023 VALUES (4, '2023-02-07', 13, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (5, '2023-02-14', 5, 'station 408579');
INSERT INTO public.measurements_2023 VALUES (6, '2023-02-21', -3, NULL);
INSERT INTO public.measurements_2023 VALUES (7, '2023-02-28', 34, 'sunny');
INSERT INTO public.measurements_2023 VALUES (8, '2023-03-07', 26, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (9, '2023-03-14', 18, 'station d92ad8');
INSERT INTO public.measurements_2023 VALUES (0, '2023-03-21', NULL, NULL);
INSERT INTO public.measurements_2023 VALUES (1, '2023-03-28', 2, 'sunny');
INSERT INTO public.measurements_2023 VALUES (2, '2023-04-04', -6, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (3, '2023-04-11', 31, 'station bc0ac5');
INSERT INTO public.measurements_2023 VALUES (4, '2023-04-18', 23, NULL);
INSERT INTO public.measurements_2023 VALUES (5, '2023-04-25', 15, 'sunny');
INSERT INTO public.measurements_2023 VALUES (6, '2023-05-02', 7, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (7, '2023-05-09', -1, 'station 638a8c');
INSERT INTO public.measurements_2023 VALUES (8, '2023-05-16', -9, NULL);
INSERT INTO public.measurements_2023 VALUES (9, '2023-05-23', 28, 'sunny');
INSERT INTO public.measurements_2023 VALUES (0, '2023-05-30', NULL, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (1, '2023-06-06', 12, 'station 50bd0a');
INSERT INTO public.measurements_2023 VALUES (2, '2023-06-13', 4, NULL);
INSERT INTO public.measurements_2023 VALUES (3, '2023-06-20', -4, 'sunny');
INSERT INTO public.measurements_2023 VALUES (4, '2023-06-27', 33, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (5, '2023-07-04', 25, 'station e41297');
INSERT INTO public.measurements_2023 VALUES (6, '2023-07-11', 17, NULL);
INSERT INTO public.measurements_2023 VALUES (7, '2023-07-18', 9, 'sunny');
INSERT INTO public.measurements_2023 VALUES (8, '2023-07-25', 1, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (9, '2023-08-01', -7, 'station dec5b6');
INSERT INTO public.measurements_2023 VALUES (0, '2023-08-08', NULL, NULL);
INSERT INTO public.measurements_2023 VALUES (1, '2023-08-15', 22, 'sunny');
INSERT INTO public.measurements_2023 VALUES (2, '2023-08-22', 14, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (3, '2023-08-29', 6, 'station 45a9bc');
INSERT INTO public.measurements_2023 VALUES (4, '2023-09-05', -2, NULL);
INSERT INTO public.measurements_2023 VALUES (5, '2023-09-12', -10, 'sunny');
INSERT INTO public.measurements_2023 VALUES (6, '2023-09-19', 27, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (7, '2023-09-26', 19, 'station dacee6');
INSERT INTO public.measurements_2023 VALUES (8, '2023-10-03', 11, NULL);
INSERT INTO public.measurements_2023 VALUES (9, '2023-10-10', 3, 'sunny');
INSERT INTO public.measurements_2023 VALUES (0, '2023-10-17', NULL, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (1, '2023-10-24', 32, 'station d92b5f');
INSERT INTO public.measurements_2023 VALUES (2, '2023-10-31', 24, NULL);
INSERT INTO public.measurements_2023 VALUES (3, '2023-11-07', 16, 'sunny');
INSERT INTO public.measurements_2023 VALUES (4, '2023-11-14', 8, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (5, '2023-11-21', 0, 'station 0bdaaf');
INSERT INTO public.measurements_2023 VALUES (6, '2023-11-28', -8, NULL);
INSERT INTO public.measurements_2023 VALUES (7, '2023-12-05', 29, 'sunny');
INSERT INTO public.measurements_2023 VALUES (8, '2023-12-12', 21, 'storm	warning
second line');
INSERT INTO public.measurements_2023 VALUES (9, '2023-12-19', 13, 'station a031d5');
INSERT INTO public.measurements_2023 VALUES (0, '2023-12-26', NULL, NULL);


--
-- Data for Name: measurements_2024; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.measurements_2024 VALUES (1, '2024-01-02', -3, 'sunny');
INSERT INTO public.measurements_2024 VALUES (2, '2024-01-09', 34, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (3, '2024-01-16', 26, 'station 4852e3');
INSERT INTO public.measurements_2024 VALUES (4, '2024-01-23', 18, NULL);
INSERT INTO public.measurements_2024 VALUES (5, '2024-01-30', 10, 'sunny');
INSERT INTO public.measurements_2024 VALUES (6, '2024-02-06', 2, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (7, '2024-02-13', -6, 'station 8e8e9c');
INSERT INTO public.measurements_2024 VALUES (8, '2024-02-20', 31, NULL);
INSERT INTO public.measurements_2024 VALUES (9, '2024-02-27', 23, 'sunny');
INSERT INTO public.measurements_2024 VALUES (0, '2024-03-05', NULL, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (1, '2024-03-12', 7, 'station a1bfb1');
INSERT INTO public.measurements_2024 VALUES (2, '2024-03-19', -1, NULL);
INSERT INTO public.measurements_2024 VALUES (3, '2024-03-26', -9, 'sunny');
INSERT INTO public.measurements_2024 VALUES (4, '2024-04-02', 28, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (5, '2024-04-09', 20, 'station 22336b');
INSERT INTO public.measurements_2024 VALUES (6, '2024-04-16', 12, NULL);
INSERT INTO public.measurements_2024 VALUES (7, '2024-04-23', 4, 'sunny');
INSERT INTO public.measurements_2024 VALUES (8, '2024-04-30', -4, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (9, '2024-05-07', 33, 'station 563106');
INSERT INTO public.measurements_2024 VALUES (0, '2024-05-14', NULL, NULL);
INSERT INTO public.measurements_2024 VALUES (1, '2024-05-21', 17, 'sunny');
INSERT INTO public.measurements_2024 VALUES (2, '2024-05-28', 9, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (3, '2024-06-04', 1, 'station 654148');
INSERT INTO public.measurements_2024 VALUES (4, '2024-06-11', -7, NULL);
INSERT INTO public.measurements_2024 VALUES (5, '2024-06-18', 30, 'sunny');
INSERT INTO public.measurements_2024 VALUES (6, '2024-06-25', 22, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (7, '2024-07-02', 14, 'station 93b30c');
INSERT INTO public.measurements_2024 VALUES (8, '2024-07-09', 6, NULL);
INSERT INTO public.measurements_2024 VALUES (9, '2024-07-16', -2, 'sunny');
INSERT INTO public.measurements_2024 VALUES (0, '2024-07-23', NULL, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (1, '2024-07-30', 27, 'station 32061b');
INSERT INTO public.measurements_2024 VALUES (2, '2024-08-06', 19, NULL);
INSERT INTO public.measurements_2024 VALUES (3, '2024-08-13', 11, 'sunny');
INSERT INTO public.measurements_2024 VALUES (4, '2024-08-20', 3, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (5, '2024-08-27', -5, 'station e56e72');
INSERT INTO public.measurements_2024 VALUES (6, '2024-09-03', 32, NULL);
INSERT INTO public.measurements_2024 VALUES (7, '2024-09-10', 24, 'sunny');
INSERT INTO public.measurements_2024 VALUES (8, '2024-09-17', 16, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (9, '2024-09-24', 8, 'station 0209d0');
INSERT INTO public.measurements_2024 VALUES (0, '2024-10-01', NULL, NULL);
INSERT INTO public.measurements_2024 VALUES (1, '2024-10-08', -8, 'sunny');
INSERT INTO public.measurements_2024 VALUES (2, '2024-10-15', 29, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (3, '2024-10-22', 21, 'station e3232b');
INSERT INTO public.measurements_2024 VALUES (4, '2024-10-29', 13, NULL);
INSERT INTO public.measurements_2024 VALUES (5, '2024-11-05', 5, 'sunny');
INSERT INTO public.measurements_2024 VALUES (6, '2024-11-12', -3, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (7, '2024-11-19', 34, 'station f07f9c');
INSERT INTO public.measurements_2024 VALUES (8, '2024-11-26', 26, NULL);
INSERT INTO public.measurements_2024 VALUES (9, '2024-12-03', 18, 'sunny');
INSERT INTO public.measurements_2024 VALUES (0, '2024-12-10', NULL, 'storm	warning
second line');
INSERT INTO public.measurements_2024 VALUES (1, '2024-12-17', 2, 'station f7bad5');
INSERT INTO public.measurements_2024 VALUES (2, '2024-12-24', -6, NULL);
INSERT INTO public.measurements_2024 VALUES (3, '2024-12-31', 31, 'sunny');


--
-- Data for Name: measurements_other; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.measurements_other VALUES (1, '2022-11-08', 27, 'sunny');
INSERT INTO public.measurements_other VALUES (2, '2022-11-15', 19, 'storm	warning
second line');
INSERT INTO public.measurements_other VALUES (3, '2022-11-22', 11, 'station 9678f7');
INSERT INTO public.measurements_other VALUES (4, '2022-11-29', 3, NULL);
INSERT INTO public.measurements_other VALUES (5, '2022-12-06', -5, 'sunny');
INSERT INTO public.measurements_other VALUES (6, '2022-12-13', 32, 'storm	warning
second line');
INSERT INTO public.measurements_other VALUES (7, '2022-12-20', 24, 'station 044990');
INSERT INTO public.measurements_other VALUES (8, '2022-12-27', 16, NULL);
INSERT INTO public.measurements_other VALUES (4, '2025-01-07', 23, 'storm	warning
second line');
INSERT INTO public.measurements_other VALUES (5, '2025-01-14', 15, 'station 55a636');
INSERT INTO public.measurements_other VALUES (6, '2025-01-21', 7, NULL);
INSERT INTO public.measurements_other VALUES (7, '2025-01-28', -1, 'sunny');
INSERT INTO public.measurements_other VALUES (8, '2025-02-04', -9, 'storm	warning
second line');
INSERT INTO public.measurements_other VALUES (9, '2025-02-11', 28, 'station 686313');
INSERT INTO public.measurements_other VALUES (0, '2025-02-18', NULL, NULL);


--
-- Data for Name: no_columns; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.no_columns DEFAULT VALUES;
INSERT INTO public.no_columns DEFAULT VALUES;
INSERT INTO public.no_columns DEFAULT VALUES;


--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.orders VALUES (1, 18, 2, 3.13, DEFAULT, 'ok', '2024-01-02 15:00:00+00');
INSERT INTO public.orders VALUES (2, 35, 3, 6.26, DEFAULT, 'happy', '2024-01-03 18:00:00+00');
INSERT INTO public.orders VALUES (3, 52, 4, 9.39, DEFAULT, 'très content', '2024-01-04 21:00:00+00');
INSERT INTO public.orders VALUES (4, 69, 5, 12.52, DEFAULT, 'sad', '2024-01-06 00:00:00+00');
INSERT INTO public.orders VALUES (5, 86, 1, 15.65, DEFAULT, 'ok', '2024-01-07 03:00:00+00');
INSERT INTO public.orders VALUES (6, 103, 2, 18.78, DEFAULT, 'happy', '2024-01-08 06:00:00+00');
INSERT INTO public.orders VALUES (7, 120, 3, 21.91, DEFAULT, 'très content', '2024-01-09 09:00:00+00');
INSERT INTO public.orders VALUES (8, 137, 4, 25.04, DEFAULT, 'sad', '2024-01-10 12:00:00+00');
INSERT INTO public.orders VALUES (9, 154, 5, 28.17, DEFAULT, 'ok', '2024-01-11 15:00:00+00');
INSERT INTO public.orders VALUES (10, NULL, 1, 31.30, DEFAULT, 'happy', '2024-01-12 18:00:00+00');
INSERT INTO public.orders VALUES (11, 188, 2, 34.43, DEFAULT, 'très content', '2024-01-13 21:00:00+00');
INSERT INTO public.orders VALUES (12, 5, 3, 37.56, DEFAULT, 'sad', '2024-01-15 00:00:00+00');
INSERT INTO public.orders VALUES (13, 22, 4, 40.69, DEFAULT, 'ok', '2024-01-16 03:00:00+00');
INSERT INTO public.orders VALUES (14, 39, 5, 43.82, DEFAULT, 'happy', '2024-01-17 06:00:00+00');
INSERT INTO public.orders VALUES (15, 56, 1, 46.95, DEFAULT, 'très content', '2024-01-18 09:00:00+00');
INSERT INTO public.orders VALUES (16, 73, 2, 50.08, DEFAULT, 'sad', '2024-01-19 12:00:00+00');
INSERT INTO public.orders VALUES (17, 90, 3, 53.21, DEFAULT, 'ok', '2024-01-20 15:00:00+00');
INSERT INTO public.orders VALUES (18, 107, 4, 56.34, DEFAULT, 'happy', '2024-01-21 18:00:00+00');
INSERT INTO public.orders VALUES (19, 124, 5, 59.47, DEFAULT, 'très content', '2024-01-22 21:00:00+00');
INSERT INTO public.orders VALUES (20, NULL, 1, 62.60, DEFAULT, 'sad', '2024-01-24 00:00:00+00');
INSERT INTO public.orders VALUES (21, 158, 2, 65.73, DEFAULT, 'ok', '2024-01-25 03:00:00+00');
INSERT INTO public.orders VALUES (22, 175, 3, 68.86, DEFAULT, 'happy', '2024-01-26 06:00:00+00');
INSERT INTO public.orders VALUES (23, 192, 4, 71.99, DEFAULT, 'très content', '2024-01-27 09:00:00+00');
INSERT INTO public.orders VALUES (24, 9, 5, 75.12, DEFAULT, 'sad', '2024-01-28 12:00:00+00');
INSERT INTO public.orders VALUES (25, 26, 1, 78.25, DEFAULT, 'ok', '2024-01-29 15:00:00+00');
INSERT INTO public.orders VALUES (26, 43, 2, 81.38, DEFAULT, 'happy', '2024-01-30 18:00:00+00');
INSERT INTO public.orders VALUES (27, 60, 3, 84.51, DEFAULT, 'très content', '2024-01-31 21:00:00+00');
INSERT INTO public.orders VALUES (28, 77, 4, 87.64, DEFAULT, 'sad', '2024-02-02 00:00:00+00');
INSERT INTO public.orders VALUES (29, 94, 5, 90.77, DEFAULT, 'ok', '2024-02-03 03:00:00+00');
INSERT INTO public.orders VALUES (30, NULL, 1, 93.90, DEFAULT, 'happy', '2024-02-04 06:00:00+00');
INSERT INTO public.orders VALUES (31, 128, 2, 97.03, DEFAULT, 'très content', '2024-02-05 09:00:00+00');
INSERT INTO public.orders VALUES (32, 145, 3, 0.16, DEFAULT, 'sad', '2024-02-06 12:00:00+00');
INSERT INTO public.orders VALUES (33, 162, 4, 3.29, DEFAULT, 'ok', '2024-02-07 15:00:00+00');
INSERT INTO public.orders VALUES (34, 179, 5, 6.42, DEFAULT, 'happy', '2024-02-08 18:00:00+00');
INSERT INTO public.orders VALUES (35, 196, 1, 9.55, DEFAULT, 'très content', '2024-02-09 21:00:00+00');
INSERT INTO public.orders VALUES (36, 13, 2, 12.68, DEFAULT, 'sad', '2024-02-11 00:00:00+00');
INSERT INTO public.orders VALUES (37, 30, 3, 15.81, DEFAULT, 'ok', '2024-02-12 03:00:00+00');
INSERT INTO public.orders VALUES (38, 47, 4, 18.94, DEFAULT, 'happy', '2024-02-13 06:00:00+00');
INSERT INTO public.orders VALUES (39, 64, 5, 22.07, DEFAULT, 'très content', '2024-02-14 09:00:00+00');
INSERT INTO public.orders VALUES (40, NULL, 1, 25.20, DEFAULT, 'sad', '2024-02-15 12:00:00+00');
INSERT INTO public.orders VALUES (41, 98, 2, 28.33, DEFAULT, 'ok', '2024-02-16 15:00:00+00');
INSERT INTO public.orders VALUES (42, 115, 3, 31.46, DEFAULT, 'happy', '2024-02-17 18:00:00+00');
INSERT INTO public.orders VALUES (43, 132, 4, 34.59, DEFAULT, 'très content', '2024-02-18 21:00:00+00');
INSERT INTO public.orders VALUES (44, 149, 5, 37.72, DEFAULT, 'sad', '2024-02-20 00:00:00+00');
INSERT INTO public.orders VALUES (45, 166, 1, 40.85, DEFAULT, 'ok', '2024-02-21 03:00:00+00');
INSERT INTO public.orders VALUES (46, 183, 2, 43.98, DEFAULT, 'happy', '2024-02-22 06:00:00+00');
INSERT INTO public.orders VALUES (47, 200, 3, 47.11, DEFAULT, 'très content', '2024-02-23 09:00:00+00');
INSERT INTO public.orders VALUES (48, 17, 4, 50.24, DEFAULT, 'sad', '2024-02-24 12:00:00+00');
INSERT INTO public.orders VALUES (49, 34, 5, 53.37, DEFAULT, 'ok', '2024-02-25 15:00:00+00');
INSERT INTO public.orders VALUES (50, NULL, 1, 56.50, DEFAULT, 'happy', '2024-02-26 18:00:00+00');
INSERT INTO public.orders VALUES (51, 68, 2, 59.63, DEFAULT, 'très content', '2024-02-27 21:00:00+00');
INSERT INTO public.orders VALUES (52, 85, 3, 62.76, DEFAULT, 'sad', '2024-02-29 00:00:00+00');
INSERT INTO public.orders VALUES (53, 102, 4, 65.89, DEFAULT, 'ok', '2024-03-01 03:00:00+00');
INSERT INTO public.orders VALUES (54, 119, 5, 69.02, DEFAULT, 'happy', '2024-03-02 06:00:00+00');
INSERT INTO public.orders VALUES (55, 136, 1, 72.15, DEFAULT, 'très content', '2024-03-03 09:00:00+00');
INSERT INTO public.orders VALUES (56, 153, 2, 75.28, DEFAULT, 'sad', '2024-03-04 12:00:00+00');
INSERT INTO public.orders VALUES (57, 170, 3, 78.41, DEFAULT, 'ok', '2024-03-05 15:00:00+00');
INSERT INTO public.orders VALUES (58, 187, 4, 81.54, DEFAULT, 'happy', '2024-03-06 18:00:00+00');
INSERT INTO public.orders VALUES (59, 4, 5, 84.67, DEFAULT, 'très content', '2024-03-07 21:00:00+00');
INSERT INTO public.orders VALUES (60, NULL, 1, 87.80, DEFAULT, 'sad', '2024-03-09 00:00:00+00');


--
-- Data for Name: people; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.people VALUES (1, 'Fatma', 'García', 'user1.6ec435c2@example.com', '+1-555-7919', '1969-06-21', 'plain note 1');
INSERT INTO public.people VALUES (2, 'Zoë', 'van der Berg', 'user2.93e8bcd4@example.com', '+1-555-5838', '1980-06-01', 'multi
line
note 2');
INSERT INTO public.people VALUES (3, 'Fatma', 'Kowalski', 'user3.9746556c@example.com', '+1-555-3757', '1952-12-06', 'tab	separated	note 3');
INSERT INTO public.people VALUES (4, 'Kai', 'Kowalski', 'user4.91471e6d@example.com', '+1-555-1676', '1998-05-19', 'back\slash C:\Users\u4 and a literal \N');
INSERT INTO public.people VALUES (5, 'Zoë', 'García', 'user5.d97e7adf@example.com', '+1-555-9595', '1951-06-03', 'crlf
note 3c95a3beba1f74afb860d5d878a3a774');
INSERT INTO public.people VALUES (6, 'Olu', 'Dupont', 'user6.e5341bd6@example.com', '+1-555-7514', '1987-09-26', NULL);
INSERT INTO public.people VALUES (7, 'Bruno', 'Øster', 'user7.5d3b5bfc@example.com', NULL, '1999-04-25', 'plain note 7');
INSERT INTO public.people VALUES (8, 'Fatma', '佐藤', 'user8.4f9d7ef2@example.com', '+1-555-3352', '1957-09-21', 'multi
line
note 8');
INSERT INTO public.people VALUES (9, 'Hana', 'Nakamura', 'user9.e0cb7f5e@example.com', '+1-555-1271', NULL, 'tab	separated	note 9');
INSERT INTO public.people VALUES (10, 'Bruno', '佐藤', 'user10.a4a261ed@example.com', '+1-555-9190', '1951-01-03', 'back\slash C:\Users\u10 and a literal \N');
INSERT INTO public.people VALUES (11, 'Olu', 'García', NULL, '+1-555-7109', '1959-09-05', 'crlf
note feadcf3f41114de36fbdcb82cf0c3e3b');
INSERT INTO public.people VALUES (12, 'Nguyễn', 'Kowalski', 'user12.e4f6ed2f@example.com', '+1-555-5028', '1990-07-25', NULL);
INSERT INTO public.people VALUES (13, 'Fatma', NULL, 'user13.f89ae91b@example.com', '+1-555-2947', '1995-09-17', 'plain note 13');
INSERT INTO public.people VALUES (14, 'Léa', 'García', 'user14.36c8776a@example.com', NULL, '1991-06-25', 'multi
line
note 14');
INSERT INTO public.people VALUES (15, 'Ingrid', 'van der Berg', 'user15.858dc938@example.com', '+1-555-8785', '1952-01-13', 'tab	separated	note 15');
INSERT INTO public.people VALUES (16, 'Mårten', 'Müller', 'user16.2eca13f0@example.com', '+1-555-6704', '1985-03-28', 'back\slash C:\Users\u16 and a literal \N');
INSERT INTO public.people VALUES (17, 'Ingrid', 'Smith', 'user17.3edba427@example.com', '+1-555-4623', '1980-06-05', 'crlf
note fe34b7b234cd4d738eba3701edefc3da');
INSERT INTO public.people VALUES (18, 'Léa', 'Smith', 'user18.f1f7e844@example.com', '+1-555-2542', NULL, NULL);
INSERT INTO public.people VALUES (19, 'Olu', 'Kowalski', 'user19.45b9421d@example.com', '+1-555-0461', '1961-03-09', 'plain note 19');
INSERT INTO public.people VALUES (20, 'Eitan', 'García', 'user20.6f0e800e@example.com', '+1-555-8380', '2000-01-29', 'multi
line
note 20');
INSERT INTO public.people VALUES (21, 'Zoë', 'Kowalski', 'user21.62f64588@example.com', NULL, '1991-12-12', 'tab	separated	note 21');
INSERT INTO public.people VALUES (22, 'Anna', '李', NULL, '+1-555-4218', '1951-08-23', 'back\slash C:\Users\u22 and a literal \N');
INSERT INTO public.people VALUES (23, 'Zoë', 'Ndiaye', 'user23.ba15eab7@example.com', '+1-555-2137', '2001-01-21', 'crlf
note 9652ebea3b5dc131b626d44467dc60da');
INSERT INTO public.people VALUES (24, 'Fatma', 'van der Berg', 'user24.22acdbe4@example.com', '+1-555-0056', '1952-11-16', NULL);
INSERT INTO public.people VALUES (25, 'Fatma', '佐藤', 'user25.9af8c896@example.com', '+1-555-7975', '1980-11-30', 'plain note 25');
INSERT INTO public.people VALUES (26, 'Mårten', NULL, 'user26.b9361210@example.com', '+1-555-5894', '1983-01-31', 'multi
line
note 26');
INSERT INTO public.people VALUES (27, 'Anna', 'Kowalski', 'user27.78e09c51@example.com', '+1-555-3813', NULL, 'tab	separated	note 27');
INSERT INTO public.people VALUES (28, 'Mårten', 'Smith', 'user28.4ff2988a@example.com', NULL, '1985-02-23', 'back\slash C:\Users\u28 and a literal \N');
INSERT INTO public.people VALUES (29, 'Chloé', 'Dupont', 'user29.0b6aa111@example.com', '+1-555-9651', '1981-08-17', 'crlf
note 32ce2a7a5dd140ba30bfc6864558bf25');
INSERT INTO public.people VALUES (30, 'Nguyễn', 'Øster', 'user30.7442bd60@example.com', '+1-555-7570', '1992-07-11', NULL);
INSERT INTO public.people VALUES (31, 'Anna', 'Kowalski', 'user31.6ca590b9@example.com', '+1-555-5489', '1999-12-12', 'plain note 31');
INSERT INTO public.people VALUES (32, 'Ingrid', 'García', 'user32.2eae0677@example.com', '+1-555-3408', '1957-08-19', 'multi
line
note 32');
INSERT INTO public.people VALUES (33, 'Dmitri', 'Dupont', NULL, '+1-555-1327', '1954-01-01', 'tab	separated	note 33');
INSERT INTO public.people VALUES (34, 'Grégoire', 'Dupont', 'user34.14c44959@example.com', '+1-555-9246', '1992-09-17', 'back\slash C:\Users\u34 and a literal \N');
INSERT INTO public.people VALUES (35, 'Olu', 'García', 'user35.ec3757f0@example.com', NULL, '1994-02-07', 'crlf
note 334e763902f3a0d72d017a3c32d0e71c');
INSERT INTO public.people VALUES (36, 'José', 'Øster', 'user36.d990d8ca@example.com', '+1-555-5084', NULL, NULL);
INSERT INTO public.people VALUES (37, 'José', 'van der Berg', 'user37.3bc171cb@example.com', '+1-555-3003', '1972-09-19', 'plain note 37');
INSERT INTO public.people VALUES (38, 'Eitan', 'Kowalski', 'user38.f0740b53@example.com', '+1-555-0922', '2002-02-19', 'multi
line
note 38');
INSERT INTO public.people VALUES (39, 'Bruno', NULL, 'user39.96957cad@example.com', '+1-555-8841', '1953-03-02', 'tab	separated	note 39');
INSERT INTO public.people VALUES (40, 'Chloé', 'van der Berg', 'user40.9ed4142b@example.com', '+1-555-6760', '1956-01-28', 'back\slash C:\Users\u40 and a literal \N');
INSERT INTO public.people VALUES (41, 'Zoë', 'Smith', 'user41.78267f9c@example.com', '+1-555-4679', '1976-08-17', 'crlf
note c59a7a6846e760a84e65db0287b47ba9');
INSERT INTO public.people VALUES (42, 'Dmitri', '佐藤', 'user42.041c1bcb@example.com', NULL, '1984-04-29', NULL);
INSERT INTO public.people VALUES (43, 'José', 'Øster', 'user43.bfb9c326@example.com', '+1-555-0517', '1991-03-24', 'plain note 43');
INSERT INTO public.people VALUES (44, 'Zoë', 'Kowalski', NULL, '+1-555-8436', '1951-07-06', 'multi
line
note 44');
INSERT INTO public.people VALUES (45, 'Léa', 'Øster', 'user45.c789c856@example.com', '+1-555-6355', NULL, 'tab	separated	note 45');
INSERT INTO public.people VALUES (46, 'Grégoire', 'Müller', 'user46.7f2402ca@example.com', '+1-555-4274', '1971-10-21', 'back\slash C:\Users\u46 and a literal \N');
INSERT INTO public.people VALUES (47, 'Grégoire', 'Nakamura', 'user47.c7789993@example.com', '+1-555-2193', '1950-06-15', 'crlf
note 8375900b012fb7a0436d51256825ef88');
INSERT INTO public.people VALUES (48, 'Mårten', 'Nakamura', 'user48.5d6de6ea@example.com', '+1-555-0112', '1994-03-09', NULL);
INSERT INTO public.people VALUES (49, 'Kai', 'Kowalski', 'user49.c8a64bc3@example.com', NULL, '1960-11-09', 'plain note 49');
INSERT INTO public.people VALUES (50, 'Zoë', 'Müller', 'user50.2bca54da@example.com', '+1-555-5950', '1962-05-16', 'multi
line
note 50');
INSERT INTO public.people VALUES (51, 'José', '佐藤', 'user51.ef718757@example.com', '+1-555-3869', '1977-08-12', 'tab	separated	note 51');
INSERT INTO public.people VALUES (52, 'Fatma', NULL, 'user52.f522cc6b@example.com', '+1-555-1788', '1981-09-03', 'back\slash C:\Users\u52 and a literal \N');
INSERT INTO public.people VALUES (53, 'Fatma', 'Kowalski', 'user53.3ac6d113@example.com', '+1-555-9707', '2000-03-05', 'crlf
note 79835ad070f1a2130d462afbf060f167');
INSERT INTO public.people VALUES (54, 'Zoë', 'Øster', 'user54.c9642a9e@example.com', '+1-555-7626', NULL, NULL);
INSERT INTO public.people VALUES (55, 'Mårten', 'Ndiaye', NULL, '+1-555-5545', '1977-03-30', 'plain note 55');
INSERT INTO public.people VALUES (56, 'José', 'Ndiaye', 'user56.aa164225@example.com', NULL, '1973-08-17', 'multi
line
note 56');
INSERT INTO public.people VALUES (57, 'Nguyễn', '李', 'user57.1ba4f93f@example.com', '+1-555-1383', '1999-04-02', 'tab	separated	note 57');
INSERT INTO public.people VALUES (58, 'Anna', 'García', 'user58.84542388@example.com', '+1-555-9302', '1975-05-20', 'back\slash C:\Users\u58 and a literal \N');
INSERT INTO public.people VALUES (59, 'Nguyễn', 'Kowalski', 'user59.b6015db0@example.com', '+1-555-7221', '1968-01-01', 'crlf
note 19fb62d8d461bb21a94ac22d7daadfb6');
INSERT INTO public.people VALUES (60, 'José', '佐藤', 'user60.47230d8e@example.com', '+1-555-5140', '1986-11-18', NULL);
INSERT INTO public.people VALUES (61, 'Olu', '佐藤', 'user61.1d25d785@example.com', '+1-555-3059', '1998-07-10', 'plain note 61');
INSERT INTO public.people VALUES (62, 'Mårten', 'Kowalski', 'user62.be3f57a5@example.com', '+1-555-0978', '2003-02-13', 'multi
line
note 62');
INSERT INTO public.people VALUES (63, 'Nguyễn', 'O''Brien', 'user63.412b7072@example.com', NULL, NULL, 'tab	separated	note 63');
INSERT INTO public.people VALUES (64, 'Dmitri', 'García', 'user64.fd6a970e@example.com', '+1-555-6816', '1971-03-26', 'back\slash C:\Users\u64 and a literal \N');
INSERT INTO public.people VALUES (65, 'Grégoire', NULL, 'user65.439f6645@example.com', '+1-555-4735', '1955-03-22', 'crlf
note 02caf7bc0aedbc652ea0fddb0f72ab2d');
INSERT INTO public.people VALUES (66, 'Bruno', '李', NULL, '+1-555-2654', '1988-10-06', NULL);
INSERT INTO public.people VALUES (67, 'Dmitri', 'van der Berg', 'user67.0202b2a5@example.com', '+1-555-0573', '1981-04-17', 'plain note 67');
INSERT INTO public.people VALUES (68, 'Olu', '佐藤', 'user68.40271d92@example.com', '+1-555-8492', '2002-10-28', 'multi
line
note 68');
INSERT INTO public.people VALUES (69, 'Kai', 'Øster', 'user69.28028f37@example.com', '+1-555-6411', '2003-01-15', 'tab	separated	note 69');
INSERT INTO public.people VALUES (70, 'Bruno', 'Nakamura', 'user70.e96ecc76@example.com', NULL, '2001-04-24', 'back\slash C:\Users\u70 and a literal \N');
INSERT INTO public.people VALUES (71, 'Hana', 'García', 'user71.c819ed76@example.com', '+1-555-2249', '1966-08-15', 'crlf
note 534f5e1a3f7b78273b7900a7f30b40c4');
INSERT INTO public.people VALUES (72, 'Chloé', 'Ndiaye', 'user72.74fbeb6c@example.com', '+1-555-0168', NULL, NULL);
INSERT INTO public.people VALUES (73, 'Fatma', '李', 'user73.ae22c1c9@example.com', '+1-555-8087', '1963-01-04', 'plain note 73');
INSERT INTO public.people VALUES (74, 'Anna', 'Smith', 'user74.c9ded099@example.com', '+1-555-6006', '1974-05-01', 'multi
line
note 74');
INSERT INTO public.people VALUES (75, 'Nguyễn', '李', 'user75.95e7355d@example.com', '+1-555-3925', '1981-05-10', 'tab	separated	note 75');
INSERT INTO public.people VALUES (76, 'José', 'Kowalski', 'user76.151761fd@example.com', '+1-555-1844', '1974-08-05', 'back\slash C:\Users\u76 and a literal \N');
INSERT INTO public.people VALUES (77, 'Anna', 'Kowalski', NULL, NULL, '1961-09-17', 'crlf
note e3ab0048ab1661674da8562038e86da4');
INSERT INTO public.people VALUES (78, 'Léa', NULL, 'user78.57668fac@example.com', '+1-555-7682', '1950-07-17', NULL);
INSERT INTO public.people VALUES (79, 'Anna', '佐藤', 'user79.243b955f@example.com', '+1-555-5601', '1985-04-16', 'plain note 79');
INSERT INTO public.people VALUES (80, 'Anna', 'Smith', 'user80.06b9d9fa@example.com', '+1-555-3520', '2004-06-07', 'multi
line
note 80');
INSERT INTO public.people VALUES (81, 'Zoë', '佐藤', 'user81.10969724@example.com', '+1-555-1439', NULL, 'tab	separated	note 81');
INSERT INTO public.people VALUES (82, 'Nguyễn', 'Müller', 'user82.c4886b33@example.com', '+1-555-9358', '1957-06-18', 'back\slash C:\Users\u82 and a literal \N');
INSERT INTO public.people VALUES (83, 'Bruno', 'Ndiaye', 'user83.0d468436@example.com', '+1-555-7277', '1991-03-25', 'crlf
note 80988251773900cca47cc15cd883286e');
INSERT INTO public.people VALUES (84, 'Dmitri', '李', 'user84.cb84f69d@example.com', NULL, '1962-10-24', NULL);
INSERT INTO public.people VALUES (85, 'Ingrid', 'Smith', 'user85.5015be70@example.com', '+1-555-3115', '1976-03-07', 'plain note 85');
INSERT INTO public.people VALUES (86, 'Anna', 'Ndiaye', 'user86.5e9cf30a@example.com', '+1-555-1034', '1984-09-17', 'multi
line
note 86');
INSERT INTO public.people VALUES (87, 'Bruno', 'van der Berg', 'user87.24c11af4@example.com', '+1-555-8953', '1974-05-20', 'tab	separated	note 87');
INSERT INTO public.people VALUES (88, 'Dmitri', 'Ndiaye', NULL, '+1-555-6872', '1998-10-29', 'back\slash C:\Users\u88 and a literal \N');
INSERT INTO public.people VALUES (89, 'Bruno', 'Ndiaye', 'user89.2ebb41d7@example.com', '+1-555-4791', '1996-09-01', 'crlf
note 463d2cc59fcf6796a3c742664fa68a64');
INSERT INTO public.people VALUES (90, 'Nguyễn', '李', 'user90.c53d3561@example.com', '+1-555-2710', NULL, NULL);
INSERT INTO public.people VALUES (91, 'Dmitri', NULL, 'user91.b2708392@example.com', NULL, '1973-02-01', 'plain note 91');
INSERT INTO public.people VALUES (92, 'José', 'van der Berg', 'user92.1d6bee15@example.com', '+1-555-8548', '1956-02-26', 'multi
line
note 92');
INSERT INTO public.people VALUES (93, 'Grégoire', 'Kowalski', 'user93.469715db@example.com', '+1-555-6467', '1984-05-02', 'tab	separated	note 93');
INSERT INTO public.people VALUES (94, 'Mårten', 'Øster', 'user94.4b2585bf@example.com', '+1-555-4386', '1991-10-29', 'back\slash C:\Users\u94 and a literal \N');
INSERT INTO public.people VALUES (95, 'Ingrid', 'Dupont', 'user95.f3790581@example.com', '+1-555-2305', '1985-01-18', 'crlf
note 504f40236bd44a054a3621d12392033a');
INSERT INTO public.people VALUES (96, 'Kai', 'Kowalski', 'user96.949317e8@example.com', '+1-555-0224', '1989-01-09', NULL);
INSERT INTO public.people VALUES (97, 'Bruno', '佐藤', 'user97.3a5673b8@example.com', '+1-555-8143', '1961-09-26', 'plain note 97');
INSERT INTO public.people VALUES (98, 'Fatma', 'Nakamura', 'user98.a1a57a0e@example.com', NULL, '1969-02-18', 'multi
line
note 98');
INSERT INTO public.people VALUES (99, 'Hana', 'García', NULL, '+1-555-3981', NULL, 'tab	separated	note 99');
INSERT INTO public.people VALUES (100, 'Dmitri', '李', 'user100.c7ae2fde@example.com', '+1-555-1900', '1974-03-04', 'back\slash C:\Users\u100 and a literal \N');
INSERT INTO public.people VALUES (101, 'Zoë', 'O''Brien', 'user101.a39d753b@example.com', '+1-555-9819', '1996-01-26', 'crlf
note 655c54e51b34d57088f96984ba48aae4');
INSERT INTO public.people VALUES (102, 'Ingrid', 'Nakamura', 'user102.c1425502@example.com', '+1-555-7738', '2001-03-02', NULL);
INSERT INTO public.people VALUES (103, 'Ingrid', 'Øster', 'user103.de3ee944@example.com', '+1-555-5657', '1986-03-19', 'plain note 103');
INSERT INTO public.people VALUES (104, 'Hana', NULL, 'user104.dbf2ac34@example.com', '+1-555-3576', '1971-11-13', 'multi
line
note 104');
INSERT INTO public.people VALUES (105, 'Léa', 'Dupont', 'user105.0446a027@example.com', NULL, '1974-09-27', 'tab	separated	note 105');
INSERT INTO public.people VALUES (106, 'Ingrid', 'Ndiaye', 'user106.f1ac5098@example.com', '+1-555-9414', '1970-02-22', 'back\slash C:\Users\u106 and a literal \N');
INSERT INTO public.people VALUES (107, 'Zoë', 'Nakamura', 'user107.eefa5147@example.com', '+1-555-7333', '1968-09-11', 'crlf
note 9852ec579e73b91b2c46ab118b676a4e');
INSERT INTO public.people VALUES (108, 'Fatma', 'Kowalski', 'user108.74ff1297@example.com', '+1-555-5252', NULL, NULL);
INSERT INTO public.people VALUES (109, 'José', 'Øster', 'user109.556534cd@example.com', '+1-555-3171', '1993-02-27', 'plain note 109');
INSERT INTO public.people VALUES (110, 'Nguyễn', 'Kowalski', NULL, '+1-555-1090', '1966-10-16', 'multi
line
note 110');
INSERT INTO public.people VALUES (111, 'Zoë', 'Kowalski', 'user111.271dbfda@example.com', '+1-555-9009', '1958-04-11', 'tab	separated	note 111');
INSERT INTO public.people VALUES (112, 'Dmitri', 'Ndiaye', 'user112.5529a028@example.com', NULL, '1958-07-02', 'back\slash C:\Users\u112 and a literal \N');
INSERT INTO public.people VALUES (113, 'Anna', 'Ndiaye', 'user113.eef813d9@example.com', '+1-555-4847', '1993-08-02', 'crlf
note 3158042d0a79b4be4e04b6b36ff6ed92');
INSERT INTO public.people VALUES (114, 'Fatma', 'Müller', 'user114.feaaf436@example.com', '+1-555-2766', '2002-03-01', NULL);
INSERT INTO public.people VALUES (115, 'Nguyễn', 'van der Berg', 'user115.129d873e@example.com', '+1-555-0685', '1980-10-08', 'plain note 115');
INSERT INTO public.people VALUES (116, 'Hana', '佐藤', 'user116.d1fc3774@example.com', '+1-555-8604', '1958-06-06', 'multi
line
note 116');
INSERT INTO public.people VALUES (117, 'Hana', NULL, 'user117.9fa11ffa@example.com', '+1-555-6523', NULL, 'tab	separated	note 117');
INSERT INTO public.people VALUES (118, 'Hana', 'Müller', 'user118.64850c61@example.com', '+1-555-4442', '1957-02-15', 'back\slash C:\Users\u118 and a literal \N');
INSERT INTO public.people VALUES (119, 'Anna', 'Dupont', 'user119.ead525a8@example.com', NULL, '1982-02-01', 'crlf
note f0651692b1212941f5b1c5439cda391a');
INSERT INTO public.people VALUES (120, 'Léa', 'Nakamura', 'user120.5370656a@example.com', '+1-555-0280', '1987-09-20', NULL);
INSERT INTO public.people VALUES (121, 'Eitan', '李', NULL, '+1-555-8199', '1952-03-09', 'plain note 121');
INSERT INTO public.people VALUES (122, 'Olu', '李', 'user122.6f89439e@example.com', '+1-555-6118', '1951-05-20', 'multi
line
note 122');
INSERT INTO public.people VALUES (123, 'Dmitri', 'Dupont', 'user123.a3b80506@example.com', '+1-555-4037', '1967-09-12', 'tab	separated	note 123');
INSERT INTO public.people VALUES (124, 'Fatma', '佐藤', 'user124.fdde4dc9@example.com', '+1-555-1956', '1965-05-13', 'back\slash C:\Users\u124 and a literal \N');
INSERT INTO public.people VALUES (125, 'Hana', '李', 'user125.439ec8ca@example.com', '+1-555-9875', '1985-07-14', 'crlf
note d541ba2af6825adf8c1adf99dc3e19c5');
INSERT INTO public.people VALUES (126, 'Hana', 'Smith', 'user126.a4851437@example.com', NULL, NULL, NULL);
INSERT INTO public.people VALUES (127, 'Olu', 'Nakamura', 'user127.f7fdf418@example.com', '+1-555-5713', '1960-09-29', 'plain note 127');
INSERT INTO public.people VALUES (128, 'Bruno', 'Ndiaye', 'user128.736c2886@example.com', '+1-555-3632', '1966-02-13', 'multi
line
note 128');
INSERT INTO public.people VALUES (129, 'Anna', 'Ndiaye', 'user129.402bd8a9@example.com', '+1-555-1551', '1975-02-01', 'tab	separated	note 129');
INSERT INTO public.people VALUES (130, 'Nguyễn', NULL, 'user130.ecb16a8c@example.com', '+1-555-9470', '1989-07-11', 'back\slash C:\Users\u130 and a literal \N');
INSERT INTO public.people VALUES (131, 'Kai', 'Dupont', 'user131.5a768c33@example.com', '+1-555-7389', '1970-11-02', 'crlf
note 04849dd8c67957b5601869c7cd0769fb');
INSERT INTO public.people VALUES (132, 'Mårten', 'Nakamura', NULL, '+1-555-5308', '1970-03-16', NULL);
INSERT INTO public.people VALUES (133, 'Anna', 'Øster', 'user133.759aa2cb@example.com', NULL, '2001-09-10', 'plain note 133');
INSERT INTO public.people VALUES (134, 'Kai', 'Kowalski', 'user134.477dde4c@example.com', '+1-555-1146', '1964-10-09', 'multi
line
note 134');
INSERT INTO public.people VALUES (135, 'Chloé', 'Dupont', 'user135.87b74a45@example.com', '+1-555-9065', NULL, 'tab	separated	note 135');
INSERT INTO public.people VALUES (136, 'Ingrid', 'Smith', 'user136.aa41dfc9@example.com', '+1-555-6984', '1967-04-09', 'back\slash C:\Users\u136 and a literal \N');
INSERT INTO public.people VALUES (137, 'Eitan', 'Kowalski', 'user137.4dedeb15@example.com', '+1-555-4903', '1956-06-07', 'crlf
note 741ab57e72c8e6b3d537bfb889c9f40b');
INSERT INTO public.people VALUES (138, 'José', 'Ndiaye', 'user138.b0f6821d@example.com', '+1-555-2822', '1956-10-27', NULL);
INSERT INTO public.people VALUES (139, 'Chloé', 'Dupont', 'user139.966d4611@example.com', '+1-555-0741', '1999-11-30', 'plain note 139');
INSERT INTO public.people VALUES (140, 'Anna', 'Müller', 'user140.58676680@example.com', NULL, '1990-08-29', 'multi
line
note 140');
INSERT INTO public.people VALUES (141, 'Anna', 'van der Berg', 'user141.65f3d78a@example.com', '+1-555-6579', '1984-06-11', 'tab	separated	note 141');
INSERT INTO public.people VALUES (142, 'Nguyễn', 'Ndiaye', 'user142.c51a9275@example.com', '+1-555-4498', '1970-11-30', 'back\slash C:\Users\u142 and a literal \N');
INSERT INTO public.people VALUES (143, 'Grégoire', NULL, NULL, '+1-555-2417', '2002-11-26', 'crlf
note 6512d889d2e11f30586eaec7ebc574e3');
INSERT INTO public.people VALUES (144, 'José', 'Øster', 'user144.38599395@example.com', '+1-555-0336', NULL, NULL);
INSERT INTO public.people VALUES (145, 'José', 'Øster', 'user145.72ecfe34@example.com', '+1-555-8255', '1970-11-25', 'plain note 145');
INSERT INTO public.people VALUES (146, 'Ingrid', '佐藤', 'user146.4df082b4@example.com', '+1-555-6174', '1959-09-03', 'multi
line
note 146');
INSERT INTO public.people VALUES (147, 'Olu', 'Ndiaye', 'user147.bbb47fff@example.com', NULL, '1992-10-23', 'tab	separated	note 147');
INSERT INTO public.people VALUES (148, 'Zoë', 'García', 'user148.f408d232@example.com', '+1-555-2012', '1953-10-28', 'back\slash C:\Users\u148 and a literal \N');
INSERT INTO public.people VALUES (149, 'Bruno', '李', 'user149.47ff555f@example.com', '+1-555-9931', '1967-07-26', 'crlf
note f727831bb73d67e277dce4a6f8c9023c');
INSERT INTO public.people VALUES (150, 'Fatma', 'Nakamura', 'user150.9cfddae7@example.com', '+1-555-7850', '1986-07-01', NULL);
INSERT INTO public.people VALUES (151, 'Dmitri', 'Dupont', 'user151.fca3da17@example.com', '+1-555-5769', '1979-04-05', 'plain note 151');
INSERT INTO public.people VALUES (152, 'Kai', 'Müller', 'user152.f5e37461@example.com', '+1-555-3688', '1963-03-31', 'multi
line
note 152');
INSERT INTO public.people VALUES (153, 'Zoë', 'García', 'user153.e12bac8d@example.com', '+1-555-1607', NULL, 'tab	separated	note 153');
INSERT INTO public.people VALUES (154, 'Fatma', '李', NULL, NULL, '1972-11-02', 'back\slash C:\Users\u154 and a literal \N');
INSERT INTO public.people VALUES (155, 'Dmitri', 'Ndiaye', 'user155.c22e2f48@example.com', '+1-555-7445', '1970-12-07', 'crlf
note bec3d0b8f0df477827714f520fb91ef4');
INSERT INTO public.people VALUES (156, 'Hana', NULL, 'user156.ac207f72@example.com', '+1-555-5364', '1985-04-28', NULL);
INSERT INTO public.people VALUES (157, 'Fatma', 'Ndiaye', 'user157.d3fe86e6@example.com', '+1-555-3283', '1955-01-06', 'plain note 157');
INSERT INTO public.people VALUES (158, 'Grégoire', 'O''Brien', 'user158.a0383fb0@example.com', '+1-555-1202', '1952-06-15', 'multi
line
note 158');
INSERT INTO public.people VALUES (159, 'Zoë', '佐藤', 'user159.a9db02d3@example.com', '+1-555-9121', '1974-03-29', 'tab	separated	note 159');
INSERT INTO public.people VALUES (160, 'Fatma', 'Dupont', 'user160.ba277f4d@example.com', '+1-555-7040', '1990-11-19', 'back\slash C:\Users\u160 and a literal \N');
INSERT INTO public.people VALUES (161, 'Nguyễn', 'Dupont', 'user161.86730835@example.com', NULL, '1960-03-05', 'crlf
note c1af968040b2ff6981e8440135aac7b0');
INSERT INTO public.people VALUES (162, 'Chloé', 'Øster', 'user162.8bc295a0@example.com', '+1-555-2878', NULL, NULL);
INSERT INTO public.people VALUES (163, 'Hana', 'Dupont', 'user163.e38de9fc@example.com', '+1-555-0797', '1993-09-13', 'plain note 163');
INSERT INTO public.people VALUES (164, 'Chloé', '李', 'user164.4c558d8b@example.com', '+1-555-8716', '1987-07-21', 'multi
line
note 164');
INSERT INTO public.people VALUES (165, 'Fatma', 'Kowalski', NULL, '+1-555-6635', '1953-09-07', 'tab	separated	note 165');
INSERT INTO public.people VALUES (166, 'Zoë', 'Müller', 'user166.05f4e571@example.com', '+1-555-4554', '1994-10-17', 'back\slash C:\Users\u166 and a literal \N');
INSERT INTO public.people VALUES (167, 'Ingrid', 'Kowalski', 'user167.4320f7d4@example.com', '+1-555-2473', '1998-06-20', 'crlf
note c4d31f78445891eaa2eac488d3876fa1');
INSERT INTO public.people VALUES (168, 'Ingrid', 'O''Brien', 'user168.2141d4be@example.com', NULL, '1998-05-06', NULL);
INSERT INTO public.people VALUES (169, 'Anna', NULL, 'user169.c312f075@example.com', '+1-555-8311', '1960-07-14', 'plain note 169');
INSERT INTO public.people VALUES (170, 'Zoë', 'Müller', 'user170.46d4afc4@example.com', '+1-555-6230', '1960-08-13', 'multi
line
note 170');
INSERT INTO public.people VALUES (171, 'Zoë', 'Kowalski', 'user171.7bda147b@example.com', '+1-555-4149', NULL, 'tab	separated	note 171');
INSERT INTO public.people VALUES (172, 'Grégoire', 'Müller', 'user172.65aa4f36@example.com', '+1-555-2068', '1966-11-03', 'back\slash C:\Users\u172 and a literal \N');
INSERT INTO public.people VALUES (173, 'Zoë', 'Nakamura', 'user173.7ab77b87@example.com', '+1-555-9987', '1974-05-16', 'crlf
note 6a3462d08d9ba81e6f8c9815a36e86a4');
INSERT INTO public.people VALUES (174, 'Grégoire', '佐藤', 'user174.ebc891e3@example.com', '+1-555-7906', '1985-05-18', NULL);
INSERT INTO public.people VALUES (175, 'Léa', '李', 'user175.1ac5f77f@example.com', NULL, '1953-07-30', 'plain note 175');
INSERT INTO public.people VALUES (176, 'Léa', 'Øster', NULL, '+1-555-3744', '2004-07-20', 'multi
line
note 176');
INSERT INTO public.people VALUES (177, 'José', 'van der Berg', 'user177.27b9ddc2@example.com', '+1-555-1663', '1993-01-05', 'tab	separated	note 177');
INSERT INTO public.people VALUES (178, 'José', 'Nakamura', 'user178.5d9e7b38@example.com', '+1-555-9582', '1970-08-25', 'back\slash C:\Users\u178 and a literal \N');
INSERT INTO public.people VALUES (179, 'Anna', 'Nakamura', 'user179.fca9b1f0@example.com', '+1-555-7501', '1983-03-22', 'crlf
note 24dc9e6ffc8e6f27db662b4925e99910');
INSERT INTO public.people VALUES (180, 'Mårten', 'Ndiaye', 'user180.7557392c@example.com', '+1-555-5420', NULL, NULL);
INSERT INTO public.people VALUES (181, 'Chloé', '李', 'user181.797568e8@example.com', '+1-555-3339', '1992-06-14', 'plain note 181');
INSERT INTO public.people VALUES (182, 'Nguyễn', NULL, 'user182.7f736d5f@example.com', NULL, '1997-04-09', 'multi
line
note 182');
INSERT INTO public.people VALUES (183, 'Hana', 'García', 'user183.2057a608@example.com', '+1-555-9177', '1958-05-01', 'tab	separated	note 183');
INSERT INTO public.people VALUES (184, 'Grégoire', 'O''Brien', 'user184.27d60202@example.com', '+1-555-7096', '1966-04-09', 'back\slash C:\Users\u184 and a literal \N');
INSERT INTO public.people VALUES (185, 'Nguyễn', 'Ndiaye', 'user185.d0f06f75@example.com', '+1-555-5015', '1965-12-28', 'crlf
note 92609e2fc850f8e7d6e10839103d4aca');
INSERT INTO public.people VALUES (186, 'Kai', 'García', 'user186.366f8661@example.com', '+1-555-2934', '1973-11-14', NULL);
INSERT INTO public.people VALUES (187, 'José', 'Kowalski', NULL, '+1-555-0853', '1987-01-26', 'plain note 187');
INSERT INTO public.people VALUES (188, 'Olu', 'Kowalski', 'user188.8c233acd@example.com', '+1-555-8772', '1989-02-25', 'multi
line
note 188');
INSERT INTO public.people VALUES (189, 'Bruno', '佐藤', 'user189.e40c7a49@example.com', NULL, NULL, 'tab	separated	note 189');
INSERT INTO public.people VALUES (190, 'Hana', 'van der Berg', 'user190.cba42339@example.com', '+1-555-4610', '1956-05-18', 'back\slash C:\Users\u190 and a literal \N');
INSERT INTO public.people VALUES (191, 'Bruno', 'Kowalski', 'user191.05784bb9@example.com', '+1-555-2529', '1953-04-20', 'crlf
note 3cd416fbaa7dd60f45540fda96bf859b');
INSERT INTO public.people VALUES (192, 'Eitan', 'van der Berg', 'user192.4e577222@example.com', '+1-555-0448', '1962-07-03', NULL);
INSERT INTO public.people VALUES (193, 'Bruno', 'Øster', 'user193.bee6ce51@example.com', '+1-555-8367', '1988-12-27', 'plain note 193');
INSERT INTO public.people VALUES (194, 'Bruno', 'García', 'user194.dd1ae305@example.com', '+1-555-6286', '1951-11-28', 'multi
line
note 194');
INSERT INTO public.people VALUES (195, 'Fatma', NULL, 'user195.1d218c6c@example.com', '+1-555-4205', '1976-10-03', 'tab	separated	note 195');
INSERT INTO public.people VALUES (196, 'Fatma', 'Smith', 'user196.b46b943e@example.com', NULL, '1965-03-06', 'back\slash C:\Users\u196 and a literal \N');
INSERT INTO public.people VALUES (197, 'José', 'Kowalski', 'user197.ea3d9e19@example.com', '+1-555-0043', '1992-08-13', 'crlf
note 1a77583d1173aa05e506bfdaf81709f2');
INSERT INTO public.people VALUES (198, 'Eitan', 'Nakamura', NULL, '+1-555-7962', NULL, NULL);
INSERT INTO public.people VALUES (199, 'José', 'Dupont', 'user199.e154781a@example.com', '+1-555-5881', '1995-11-30', 'plain note 199');
INSERT INTO public.people VALUES (200, 'Bruno', 'Dupont', 'user200.3bcb32ee@example.com', '+1-555-3800', '1957-05-27', 'multi
line
note 200');


--
-- Data for Name: people_with_a_deliberately_long_name_of_exactly_sixty_three_byt; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt VALUES (1, 'long 1');
INSERT INTO public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt VALUES (2, 'long 2');
INSERT INTO public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt VALUES (3, NULL);
INSERT INTO public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt VALUES (4, 'long 4');
INSERT INTO public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt VALUES (5, 'long 5');


--
-- Data for Name: texts; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.texts VALUES (1, 'tab', 'a	b', '{"a	b","c,d"}');
INSERT INTO public.texts VALUES (2, 'newline', 'line1
line2', NULL);
INSERT INTO public.texts VALUES (3, 'carriage return', 'crhere', NULL);
INSERT INTO public.texts VALUES (4, 'crlf', 'crlf
', '{"x
y"}');
INSERT INTO public.texts VALUES (5, 'backslash', 'back\slash', '{"back\\slash","\"q\""}');
INSERT INTO public.texts VALUES (6, 'literal backslash N', '\N', '{"\\N","NULL",NULL}');
INSERT INTO public.texts VALUES (7, 'N', 'N', '{N}');
INSERT INTO public.texts VALUES (8, 'empty string', '', '{""}');
INSERT INTO public.texts VALUES (9, 'null', NULL, NULL);
INSERT INTO public.texts VALUES (10, 'backslash dot', '\.', '{"\\."}');
INSERT INTO public.texts VALUES (11, 'backslash dot lines', '\.
\.
', NULL);
INSERT INTO public.texts VALUES (12, 'trailing backslash', 'ends with \', NULL);
INSERT INTO public.texts VALUES (13, 'control chars', '', NULL);
INSERT INTO public.texts VALUES (14, 'accents', 'café naïve façade Ærøskøbing ŝ', '{é,ü}');
INSERT INTO public.texts VALUES (15, 'cjk', '日本語のテキスト、中文文本、한국어', '{日本,中文}');
INSERT INTO public.texts VALUES (16, 'emoji', '😀 🎉 👩‍💻 🇫🇷', '{😀}');
INSERT INTO public.texts VALUES (17, 'mixed', 'tab	日本
😀\N', '{"	日本
","😀\\"}');
INSERT INTO public.texts VALUES (18, 'quotes', 'it''s "quoted" `back`', '{it''s,"\"","{","}"}');
INSERT INTO public.texts VALUES (19, 'long', 'long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text long text ', NULL);
INSERT INTO public.texts VALUES (20, 'whitespace only', ' 	 
 ', '{" "}');
INSERT INTO public.texts VALUES (21, 'NULL word', 'NULL', '{"NULL"}');
INSERT INTO public.texts VALUES (22, 'sql lookalike', '-- not a comment; /* nor this */ \.;', NULL);
INSERT INTO public.texts VALUES (23, 'dollar and percent', '$$ $tag$ %s %d %%', NULL);
INSERT INTO public.texts VALUES (24, 'rtl and zero width', 'a​b ‏עברית‎ العربية', NULL);
INSERT INTO public.texts VALUES (25, 'combining', 'é ñ Å', NULL);
INSERT INTO public.texts VALUES (26, 'octal lookalike', '\101 \x41 \u0041', NULL);


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

\unrestrict IhLFY0yh28aDzioYVOnLSoBJGce8WLZY2dyFAUNXN49vRH2sKMsf75EqXj8AR07

