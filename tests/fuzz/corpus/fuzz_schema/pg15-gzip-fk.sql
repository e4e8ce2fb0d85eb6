--
-- PostgreSQL database dump
--

\restrict 9wamzATYzBIaBoax9NcmzCh035tbNwmXNosmt0jXTER4MIWgVShJjr0FkGeaGhg

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
-- Name: Odd Schema; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "Odd Schema";


ALTER SCHEMA "Odd Schema" OWNER TO postgres;

--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA billing;


ALTER SCHEMA billing OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: Weird "Parent"; Type: TABLE; Schema: Odd Schema; Owner: postgres
--

CREATE TABLE "Odd Schema"."Weird ""Parent""" (
    "Key, One" integer NOT NULL,
    "select" text NOT NULL
);


ALTER TABLE "Odd Schema"."Weird ""Parent""" OWNER TO postgres;

--
-- Name: Weird Child; Type: TABLE; Schema: Odd Schema; Owner: postgres
--

CREATE TABLE "Odd Schema"."Weird Child" (
    id integer NOT NULL,
    "Ref Key" integer,
    "Ref Sel" text
);


ALTER TABLE "Odd Schema"."Weird Child" OWNER TO postgres;

--
-- Name: invoices; Type: TABLE; Schema: billing; Owner: postgres
--

CREATE TABLE billing.invoices (
    id integer NOT NULL,
    user_id integer,
    amount numeric(10,2)
);


ALTER TABLE billing.invoices OWNER TO postgres;

--
-- Name: audit; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.audit (
    id integer NOT NULL,
    user_id integer,
    what text
);


ALTER TABLE public.audit OWNER TO postgres;

--
-- Name: carts; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.carts (
    id integer NOT NULL,
    user_email text,
    note text
);


ALTER TABLE public.carts OWNER TO postgres;

--
-- Name: employees; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.employees (
    id integer NOT NULL,
    manager_id integer,
    email text
);


ALTER TABLE public.employees OWNER TO postgres;

--
-- Name: events; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.events (
    id integer NOT NULL,
    user_id integer,
    at date NOT NULL,
    what text
)
PARTITION BY RANGE (at);


ALTER TABLE public.events OWNER TO postgres;

--
-- Name: events_2023; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.events_2023 (
    id integer NOT NULL,
    user_id integer,
    at date NOT NULL,
    what text
);


ALTER TABLE public.events_2023 OWNER TO postgres;

--
-- Name: events_2024; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.events_2024 (
    id integer NOT NULL,
    user_id integer,
    at date NOT NULL,
    what text
);


ALTER TABLE public.events_2024 OWNER TO postgres;

--
-- Name: order_items; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.order_items (
    order_id integer NOT NULL,
    line integer NOT NULL,
    sku text NOT NULL
);


ALTER TABLE public.order_items OWNER TO postgres;

--
-- Name: orders; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.orders (
    id integer NOT NULL,
    user_id integer NOT NULL,
    placed date NOT NULL
);


ALTER TABLE public.orders OWNER TO postgres;

--
-- Name: reviews; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.reviews (
    id integer NOT NULL,
    order_id integer,
    line integer,
    body text
);


ALTER TABLE public.reviews OWNER TO postgres;

--
-- Name: shipments; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.shipments (
    id integer NOT NULL,
    order_id integer,
    line integer
);


ALTER TABLE public.shipments OWNER TO postgres;

--
-- Name: users; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.users (
    id integer NOT NULL,
    email text NOT NULL,
    name text NOT NULL
);


ALTER TABLE public.users OWNER TO postgres;

--
-- Name: events_2023; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');


--
-- Name: events_2024; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Data for Name: Weird "Parent"; Type: TABLE DATA; Schema: Odd Schema; Owner: postgres
--

COPY "Odd Schema"."Weird ""Parent""" ("Key, One", "select") FROM stdin;
1	a
2	b
3	c
\.


--
-- Data for Name: Weird Child; Type: TABLE DATA; Schema: Odd Schema; Owner: postgres
--

COPY "Odd Schema"."Weird Child" (id, "Ref Key", "Ref Sel") FROM stdin;
1	1	a
2	3	c
3	\N	b
\.


--
-- Data for Name: invoices; Type: TABLE DATA; Schema: billing; Owner: postgres
--

COPY billing.invoices (id, user_id, amount) FROM stdin;
1	2	3.50
2	3	7.00
3	4	10.50
4	5	14.00
5	6	17.50
6	7	21.00
7	8	24.50
8	9	28.00
9	10	31.50
10	11	35.00
11	12	38.50
12	1	42.00
13	2	45.50
14	3	49.00
15	4	52.50
\.


--
-- Data for Name: audit; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.audit (id, user_id, what) FROM stdin;
1	1	login
2	999	login of a deleted user
\.


--
-- Data for Name: carts; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.carts (id, user_email, note) FROM stdin;
1	user2@shop.test	cart 1
2	user3@shop.test	cart 2
3	user4@shop.test	cart 3
4	user5@shop.test	cart 4
5	\N	cart 5
6	user7@shop.test	cart 6
7	user8@shop.test	cart 7
8	user9@shop.test	cart 8
9	user10@shop.test	cart 9
10	\N	cart 10
11	user12@shop.test	cart 11
12	user1@shop.test	cart 12
13	user2@shop.test	cart 13
14	user3@shop.test	cart 14
15	\N	cart 15
16	user5@shop.test	cart 16
17	user6@shop.test	cart 17
18	user7@shop.test	cart 18
19	user8@shop.test	cart 19
20	\N	cart 20
\.


--
-- Data for Name: employees; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.employees (id, manager_id, email) FROM stdin;
1	\N	boss@shop.test
2	1	staff2@shop.test
3	1	staff3@shop.test
4	2	staff4@shop.test
5	2	staff5@shop.test
6	2	staff6@shop.test
7	3	staff7@shop.test
8	3	staff8@shop.test
9	3	staff9@shop.test
10	4	staff10@shop.test
11	4	staff11@shop.test
12	4	staff12@shop.test
13	5	staff13@shop.test
14	5	staff14@shop.test
15	5	staff15@shop.test
\.


--
-- Data for Name: events_2023; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.events_2023 (id, user_id, at, what) FROM stdin;
1	2	2023-06-18	event 1
2	3	2023-07-05	event 2
3	4	2023-07-22	event 3
4	5	2023-08-08	event 4
5	6	2023-08-25	event 5
6	7	2023-09-11	event 6
7	8	2023-09-28	event 7
8	9	2023-10-15	event 8
9	10	2023-11-01	event 9
10	11	2023-11-18	event 10
11	12	2023-12-05	event 11
12	1	2023-12-22	event 12
\.


--
-- Data for Name: events_2024; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.events_2024 (id, user_id, at, what) FROM stdin;
13	2	2024-01-08	event 13
14	3	2024-01-25	event 14
15	4	2024-02-11	event 15
16	5	2024-02-28	event 16
17	6	2024-03-16	event 17
18	7	2024-04-02	event 18
19	8	2024-04-19	event 19
20	9	2024-05-06	event 20
21	10	2024-05-23	event 21
22	11	2024-06-09	event 22
23	12	2024-06-26	event 23
24	1	2024-07-13	event 24
25	2	2024-07-30	event 25
26	3	2024-08-16	event 26
27	4	2024-09-02	event 27
28	5	2024-09-19	event 28
29	6	2024-10-06	event 29
30	7	2024-10-23	event 30
\.


--
-- Data for Name: order_items; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.order_items (order_id, line, sku) FROM stdin;
1	1	SKU-11
2	1	SKU-21
3	1	SKU-31
4	1	SKU-41
5	1	SKU-51
6	1	SKU-61
7	1	SKU-71
8	1	SKU-81
9	1	SKU-91
10	1	SKU-101
11	1	SKU-111
12	1	SKU-121
13	1	SKU-131
14	1	SKU-141
15	1	SKU-151
16	1	SKU-161
17	1	SKU-171
18	1	SKU-181
19	1	SKU-191
20	1	SKU-201
21	1	SKU-211
22	1	SKU-221
23	1	SKU-231
24	1	SKU-241
25	1	SKU-251
26	1	SKU-261
27	1	SKU-271
28	1	SKU-281
29	1	SKU-291
30	1	SKU-301
1	2	SKU-12
2	2	SKU-22
3	2	SKU-32
4	2	SKU-42
5	2	SKU-52
6	2	SKU-62
7	2	SKU-72
8	2	SKU-82
9	2	SKU-92
10	2	SKU-102
11	2	SKU-112
12	2	SKU-122
13	2	SKU-132
14	2	SKU-142
15	2	SKU-152
16	2	SKU-162
17	2	SKU-172
18	2	SKU-182
19	2	SKU-192
20	2	SKU-202
21	2	SKU-212
22	2	SKU-222
23	2	SKU-232
24	2	SKU-242
25	2	SKU-252
26	2	SKU-262
27	2	SKU-272
28	2	SKU-282
29	2	SKU-292
30	2	SKU-302
1	3	SKU-13
2	3	SKU-23
3	3	SKU-33
4	3	SKU-43
5	3	SKU-53
6	3	SKU-63
7	3	SKU-73
8	3	SKU-83
9	3	SKU-93
10	3	SKU-103
11	3	SKU-113
12	3	SKU-123
13	3	SKU-133
14	3	SKU-143
15	3	SKU-153
16	3	SKU-163
17	3	SKU-173
18	3	SKU-183
19	3	SKU-193
20	3	SKU-203
21	3	SKU-213
22	3	SKU-223
23	3	SKU-233
24	3	SKU-243
25	3	SKU-253
26	3	SKU-263
27	3	SKU-273
28	3	SKU-283
29	3	SKU-293
30	3	SKU-303
\.


--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.orders (id, user_id, placed) FROM stdin;
1	2	2024-01-02
2	3	2024-01-03
3	4	2024-01-04
4	5	2024-01-05
5	6	2024-01-06
6	7	2024-01-07
7	8	2024-01-08
8	9	2024-01-09
9	10	2024-01-10
10	11	2024-01-11
11	12	2024-01-12
12	1	2024-01-13
13	2	2024-01-14
14	3	2024-01-15
15	4	2024-01-16
16	5	2024-01-17
17	6	2024-01-18
18	7	2024-01-19
19	8	2024-01-20
20	9	2024-01-21
21	10	2024-01-22
22	11	2024-01-23
23	12	2024-01-24
24	1	2024-01-25
25	2	2024-01-26
26	3	2024-01-27
27	4	2024-01-28
28	5	2024-01-29
29	6	2024-01-30
30	7	2024-01-31
\.


--
-- Data for Name: reviews; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.reviews (id, order_id, line, body) FROM stdin;
1	1	1	fine, says user1@shop.test
2	2	1	fine, says user2@shop.test
3	3	1	fine, says user3@shop.test
4	4	1	fine, says user4@shop.test
5	5	1	fine, says user5@shop.test
6	6	1	fine, says user6@shop.test
7	7	1	fine, says user7@shop.test
8	8	1	fine, says user8@shop.test
9	9	1	fine, says user9@shop.test
10	10	1	fine, says user10@shop.test
\.


--
-- Data for Name: shipments; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.shipments (id, order_id, line) FROM stdin;
1	1	2
2	2	2
3	3	2
4	4	2
5	5	2
6	6	2
7	\N	\N
8	8	2
9	9	2
10	10	2
11	11	2
12	12	2
13	13	2
14	\N	\N
15	15	2
16	16	2
17	17	2
18	18	2
19	19	2
20	20	2
21	\N	\N
22	22	2
23	23	2
24	24	2
25	25	2
\.


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.users (id, email, name) FROM stdin;
1	user1@shop.test	User Number 1
2	user2@shop.test	User Number 2
3	user3@shop.test	User Number 3
4	user4@shop.test	User Number 4
5	user5@shop.test	User Number 5
6	user6@shop.test	User Number 6
7	user7@shop.test	User Number 7
8	user8@shop.test	User Number 8
9	user9@shop.test	User Number 9
10	user10@shop.test	User Number 10
11	user11@shop.test	User Number 11
12	user12@shop.test	User Number 12
\.


--
-- Name: Weird "Parent" Weird "Parent"_pkey; Type: CONSTRAINT; Schema: Odd Schema; Owner: postgres
--

ALTER TABLE ONLY "Odd Schema"."Weird ""Parent"""
    ADD CONSTRAINT "Weird ""Parent""_pkey" PRIMARY KEY ("Key, One", "select");


--
-- Name: Weird Child Weird Child_pkey; Type: CONSTRAINT; Schema: Odd Schema; Owner: postgres
--

ALTER TABLE ONLY "Odd Schema"."Weird Child"
    ADD CONSTRAINT "Weird Child_pkey" PRIMARY KEY (id);


--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: billing; Owner: postgres
--

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);


--
-- Name: audit audit_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_pkey PRIMARY KEY (id);


--
-- Name: carts carts_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_pkey PRIMARY KEY (id);


--
-- Name: employees employees_email_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.employees
    ADD CONSTRAINT employees_email_key UNIQUE (email);


--
-- Name: employees employees_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.employees
    ADD CONSTRAINT employees_pkey PRIMARY KEY (id);


--
-- Name: order_items order_items_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_pkey PRIMARY KEY (order_id, line);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: reviews reviews_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_pkey PRIMARY KEY (id);


--
-- Name: shipments shipments_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.shipments
    ADD CONSTRAINT shipments_pkey PRIMARY KEY (id);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: Weird Child Odd FK, 1; Type: FK CONSTRAINT; Schema: Odd Schema; Owner: postgres
--

ALTER TABLE ONLY "Odd Schema"."Weird Child"
    ADD CONSTRAINT "Odd FK, 1" FOREIGN KEY ("Ref Key", "Ref Sel") REFERENCES "Odd Schema"."Weird ""Parent"""("Key, One", "select");


--
-- Name: invoices invoices_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: postgres
--

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: audit audit_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) NOT VALID;


--
-- Name: carts carts_user_email_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_user_email_fkey FOREIGN KEY (user_email) REFERENCES public.users(email);


--
-- Name: employees employees_manager_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.employees
    ADD CONSTRAINT employees_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES public.employees(id) ON DELETE SET NULL DEFERRABLE;


--
-- Name: events events_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE public.events
    ADD CONSTRAINT events_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: order_items order_items_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: orders orders_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: reviews reviews_order_id_line_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_order_id_line_fkey FOREIGN KEY (order_id, line) REFERENCES public.order_items(order_id, line) ON DELETE SET NULL (line);


--
-- Name: shipments shipments_order_id_line_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.shipments
    ADD CONSTRAINT shipments_order_id_line_fkey FOREIGN KEY (order_id, line) REFERENCES public.order_items(order_id, line) MATCH FULL ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- PostgreSQL database dump complete
--

\unrestrict 9wamzATYzBIaBoax9NcmzCh035tbNwmXNosmt0jXTER4MIWgVShJjr0FkGeaGhg

