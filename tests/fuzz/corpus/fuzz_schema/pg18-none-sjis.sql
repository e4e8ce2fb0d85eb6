--
-- PostgreSQL database dump
--

\restrict 3zgEhTCHOgFF7yCqnSc0JNfAn2UKXy8QSWzZBmpqR1N89fbFdKgWDLstNGPhJFk

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 18.6 (Debian 18.6-3)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'SJIS';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

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
-- Data for Name: jp_texts; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.jp_texts (id, body, kana) FROM stdin;
\.


--
-- Name: jp_texts jp_texts_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.jp_texts
    ADD CONSTRAINT jp_texts_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

\unrestrict 3zgEhTCHOgFF7yCqnSc0JNfAn2UKXy8QSWzZBmpqR1N89fbFdKgWDLstNGPhJFk

