/*
 * test_statistics.c — STATISTICS DATA scrubbing, on pg_dump 18's exact layout.
 */
#include <string.h>

#include "pgscrub/statistics.h"
#include "unit.h"

static int scrub_email(void *ctx, const char *attname)
{
	(void)ctx;
	return attname == NULL || strcmp(attname, "email") == 0 ||
	       strcmp(attname, "We;ird, \"col\"") == 0;
}

static const char rel[] =
	"SELECT * FROM pg_catalog.pg_restore_relation_stats(\n"
	"\t'version', '180000'::integer,\n"
	"\t'schemaname', 'public',\n"
	"\t'relname', 'people',\n"
	"\t'relpages', '2'::integer,\n"
	"\t'reltuples', '200'::real\n"
	");\n";

static const char email_in[] =
	"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	"\t'version', '180000'::integer,\n"
	"\t'schemaname', 'public',\n"
	"\t'relname', 'people',\n"
	"\t'attname', 'email',\n"
	"\t'inherited', 'f'::boolean,\n"
	"\t'null_frac', '0'::real,\n"
	"\t'most_common_vals', '{\"a@x.org\",\"it''s; (tricky), b@y.org\"}'::text,\n"
	"\t'most_common_freqs', '{0.5,0.5}'::real[],\n"
	"\t'histogram_bounds', '{\"c@z.org\",\"d@z.org\"}'::text,\n"
	"\t'correlation', '0.06'::real\n"
	");\n";

static const char email_out[] =
	"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	"\t'version', '180000'::integer,\n"
	"\t'schemaname', 'public',\n"
	"\t'relname', 'people',\n"
	"\t'attname', 'email',\n"
	"\t'inherited', 'f'::boolean,\n"
	"\t'null_frac', '0'::real,\n"
	"\t'correlation', '0.06'::real\n"
	");\n";

static const char id_stats[] =
	"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	"\t'version', '180000'::integer,\n"
	"\t'schemaname', 'public',\n"
	"\t'relname', 'people',\n"
	"\t'attname', 'id',\n"
	"\t'inherited', 'f'::boolean,\n"
	"\t'histogram_bounds', '{1,100,200}'::text,\n"
	"\t'correlation', '1'::real\n"
	");\n";

static const char expr_in[] =
	"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	"\t'version', '180000'::integer,\n"
	"\t'schemaname', 'public',\n"
	"\t'relname', 'people_email_lower_idx',\n"
	"\t'attnum', '1'::smallint,\n"
	"\t'inherited', 'f'::boolean,\n"
	"\t'histogram_bounds', '{\"a@x.org\"}'::text\n"
	");\n";

static const char expr_out[] =
	"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	"\t'version', '180000'::integer,\n"
	"\t'schemaname', 'public',\n"
	"\t'relname', 'people_email_lower_idx',\n"
	"\t'attnum', '1'::smallint,\n"
	"\t'inherited', 'f'::boolean\n"
	");\n";

static void run(const char *in, const char *want, unsigned want_removed,
		int std_strings)
{
	struct pgs_buf out;
	struct pgs_error err;
	unsigned removed = 99;

	pgs_buf_init(&out, 1u << 20);
	pgs_error_init(&err);
	CHECK(pgs_statistics_scrub(&out, in, strlen(in), std_strings, scrub_email,
			      NULL, &removed, &err) == 0);
	CHECK_EQ_MEM(out.data ? out.data : "", out.len, want, strlen(want));
	CHECK(removed == want_removed);
	pgs_buf_release(&out);
}

int main(void)
{
	char in[8192], want[8192];
	struct pgs_buf out;
	struct pgs_error err;
	unsigned removed;
	static const char bad[] = "SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
				  "\t'attname', 'email,\n);\n";
	static const char estr[] =
		"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
		"\t'attname', E'email',\n"
		"\t'histogram_bounds', E'{\"a\\\\'');b\"}'::text\n"
		");\n";

	/* reltuples, pgscrub plan's row estimate. */
	{
		double rows = -2;

		pgs_error_init(&err);
		CHECK(pgs_statistics_reltuples(&rows, rel, strlen(rel), 1, &err) == 1);
		CHECK(rows == 200);
		snprintf(in, sizeof(in), "%s%s", id_stats, rel);
		CHECK(pgs_statistics_reltuples(&rows, in, strlen(in), 1, &err) == 1);
		CHECK(rows == 200);
		/* None in an attribute call; -1 (never analysed) is none. */
		CHECK(pgs_statistics_reltuples(&rows, id_stats, strlen(id_stats), 1,
					       &err) == 0);
		snprintf(in, sizeof(in), "SELECT * FROM pg_catalog."
			 "pg_restore_relation_stats('relname', 't', 'reltuples', "
			 "'-1'::real);");
		CHECK(pgs_statistics_reltuples(&rows, in, strlen(in), 1, &err) == 0);
		/* Not the word in a value, nor a value that is no number. */
		snprintf(in, sizeof(in), "SELECT f('relname', 'reltuples', "
			 "'reltuples', 'many'::real);");
		CHECK(pgs_statistics_reltuples(&rows, in, strlen(in), 1, &err) == 0);
		/* Nor inf, NaN or a count no double holds exactly. */
		{
			static const char *const odd[] = { "inf", "Infinity",
				"nan", "1e300", "9007199254740992" };
			size_t k;

			for (k = 0; k < sizeof(odd) / sizeof(odd[0]); k++) {
				snprintf(in, sizeof(in), "SELECT * FROM pg_catalog."
					 "pg_restore_relation_stats('relname', 't', "
					 "'reltuples', '%s'::real);", odd[k]);
				CHECK(pgs_statistics_reltuples(&rows, in, strlen(in),
							       1, &err) == 0);
			}
		}
		CHECK(pgs_statistics_reltuples(&rows, bad, strlen(bad), 1, &err) == -1);
		CHECK(err.code == PGS_EINPUT);
	}

	run(rel, rel, 0, 1);                     /* relation stats: no values */
	run(id_stats, id_stats, 0, 1);           /* a kept column: untouched */
	run(email_in, email_out, 3, 1);          /* values out, the rest kept */
	run(expr_in, expr_out, 1, 1);            /* index expression: by attnum */
	snprintf(in, sizeof(in), "%s%s%s%s", rel, id_stats, email_in, expr_in);
	snprintf(want, sizeof(want), "%s%s%s%s", rel, id_stats, email_out, expr_out);
	run(in, want, 4, 1);
	/* Two attnames (not pg_dump's): which column the values are of is not
	 * certain, so they go, even though the first names a kept column
	 * (and the second, longer, once freed the first's buffer: fuzz). */
	run("SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	    "\t'attname', 'id',\n"
	    "\t'attname', 'a_much_longer_attribute_name_that_grows_the_buffer',\n"
	    "\t'histogram_bounds', '{\"a@x.org\"}'::text\n"
	    ");\n",
	    "SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	    "\t'attname', 'id',\n"
	    "\t'attname', 'a_much_longer_attribute_name_that_grows_the_buffer'\n"
	    ");\n", 1, 1);
	/* A key a later pg_dump might add (here a made-up one, and one longer
	 * than any of ours) is dropped from a scrubbed column: only the keys
	 * known to hold no values stay. */
	run("SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	    "\t'attname', 'email'::name,\n"
	    "\t'null_frac', '0'::real,\n"
	    "\t'future_values', '{\"a@x.org\"}'::text,\n"
	    "\t'a_key_longer_than_any_statistics_key_pg_dump_writes_today_xxxxxxx', "
	    "'{\"b@x.org\"}'::text\n"
	    ");\n",
	    "SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
	    "\t'attname', 'email'::name,\n"
	    "\t'null_frac', '0'::real\n"
	    ");\n", 2, 1);

	/* An E'' literal with an escaped quote and ');' inside the value. */
	pgs_buf_init(&out, 1u << 20);
	pgs_error_init(&err);
	CHECK(pgs_statistics_scrub(&out, estr, strlen(estr), 1, scrub_email, NULL,
			      &removed, &err) == 0);
	CHECK(removed == 1);
	CHECK(out.data && strstr(out.data, "histogram_bounds") == NULL);
	CHECK(out.data && strstr(out.data, "');b") == NULL);
	pgs_buf_release(&out);

	/* Fail closed on SQL that does not tokenise. */
	pgs_buf_init(&out, 1u << 20);
	CHECK(pgs_statistics_scrub(&out, bad, strlen(bad), 1, scrub_email, NULL,
			      &removed, &err) == -1);
	CHECK(err.code == PGS_EINPUT);
	pgs_buf_release(&out);
	/* Fail closed where arguments could be mixed up or misread. */
	{
		static const char two_calls[] =
			"SELECT pg_catalog.pg_restore_attribute_stats(\n"
			"\t'attname', 'email', 'histogram_bounds', '{a}'::text\n"
			") + pg_catalog.pg_restore_attribute_stats(\n"
			"\t'attname', 'id', 'histogram_bounds', '{1}'::text\n"
			");\n";
		static const char odd_key[] =
			"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
			"\t'attname', 'email',\n"
			"\t$$histogram_bounds$$, '{a}'::text\n"
			");\n";
		static const char quoted_fn[] =
			"SELECT * FROM pg_catalog.\"pg_restore_attribute_stats\"(\n"
			"\t'attname', 'email',\n"
			"\t'histogram_bounds', '{a}'::text\n"
			");\n";
		/* No blanks after the commas (fuzz_statistics). */
		static const char tight[] =
			"SELECT pg_restore_attribute_stats('attname','email',"
			"'histogram_bounds','{a}'::text,'null_frac','0'::real);";
		static const char tight_out[] =
			"SELECT pg_restore_attribute_stats(\n"
			"\t'attname','email',\n"
			"\t'null_frac','0'::real\n"
			");";
		static const char comments[] =
			"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
			"\t'attname', 'email', -- a comment with ( and '\n"
			"\t/* nested /* comment */ ; */ 'histogram_bounds', '{a}'::text\n"
			");\n";

		pgs_buf_init(&out, 1u << 20);
		pgs_error_init(&err);
		CHECK(pgs_statistics_scrub(&out, two_calls, strlen(two_calls), 1,
					   scrub_email, NULL, &removed, &err) == -1);
		CHECK(err.code == PGS_EINPUT);
		CHECK(strstr(err.msg, "more than one call") != NULL);
		CHECK(pgs_statistics_scrub(&out, odd_key, strlen(odd_key), 1,
					   scrub_email, NULL, &removed, &err) == -1);
		CHECK(strstr(err.msg, "not a string literal") != NULL);
		pgs_buf_reset(&out);
		CHECK(pgs_statistics_scrub(&out, quoted_fn, strlen(quoted_fn), 1,
					   scrub_email, NULL, &removed, &err) == 0);
		CHECK(removed == 1);
		CHECK(out.data && strstr(out.data, "{a}") == NULL);
		pgs_buf_reset(&out);
		CHECK(pgs_statistics_scrub(&out, tight, strlen(tight), 1,
					   scrub_email, NULL, &removed, &err) == 0);
		CHECK(removed == 1);
		CHECK_STR(out.data ? out.data : "", tight_out);
		pgs_buf_reset(&out);
		CHECK(pgs_statistics_scrub(&out, comments, strlen(comments), 1,
					   scrub_email, NULL, &removed, &err) == 0);
		CHECK(removed == 1);
		CHECK(out.data && strstr(out.data, "{a}") == NULL);
		pgs_buf_release(&out);
	}
	return check_report("statistics");
}
