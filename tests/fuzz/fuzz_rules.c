/*
 * fuzz_rules.c — libFuzzer target for the rules file parser (rules.h).
 *
 * The input is parsed as a rules file.  A failure must be a PGS_ERULES
 * message that names the file and a line.  What is accepted must hang
 * together: names of 1 to 63 bytes, no duplicate table or column (every
 * entry is the one pgs_rules_find_* returns), and every rule's text, written
 * back as "x = TEXT" in a section of its own, must parse to the same text.
 * A where is only in a table section; a case rule has its conditions and
 * anonymisers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static void check_reparse(const char *text)
{
	static const char head[] = "[a.b]\nx = ";
	size_t n = strlen(text);
	char *doc = malloc(sizeof(head) + n);
	struct pgs_rules r;
	struct pgs_error err;

	REQUIRE(doc != NULL);
	memcpy(doc, head, sizeof(head) - 1);
	memcpy(doc + sizeof(head) - 1, text, n);
	pgs_error_init(&err);
	REQUIRE(pgs_rules_parse(&r, "again.ini", doc, sizeof(head) - 1 + n,
				&err) == 0);
	REQUIRE(r.ntables == 1 && r.tables[0].ncols == 1);
	REQUIRE(strcmp(r.tables[0].cols[0].text, text) == 0);
	pgs_rules_release(&r);
	free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pgs_rules r;
	struct pgs_error err;
	size_t i, j;

	pgs_error_init(&err);
	if (pgs_rules_parse(&r, "fuzz.ini", (const char *)data, size, &err)) {
		REQUIRE(err.code != PGS_EINTERNAL);
		REQUIRE(err.code == PGS_ERULES || err.code == PGS_ENOMEM);
		REQUIRE(strncmp(err.msg, "fuzz.ini:", 9) == 0);
		REQUIRE(r.ntables == 0 && r.tables == NULL && r.path == NULL);
		pgs_rules_release(&r);
		return 0;
	}
	REQUIRE(err.code == PGS_OK);
	for (i = 0; i < r.ntables; i++) {
		const struct pgs_table_rules *t = &r.tables[i];

		REQUIRE(strlen(t->schema) >= 1 && strlen(t->schema) <= 63);
		REQUIRE(strlen(t->table) >= 1 && strlen(t->table) <= 63);
		if (t->kind == PGS_SECTION_TABLE)
			REQUIRE(pgs_rules_find_table(&r, t->schema, t->table) == t);
		else
			REQUIRE(pgs_rules_find_pattern(&r, t->kind == PGS_SECTION_ALL ?
						       NULL : t->schema) == t);
		if (t->where) {
			REQUIRE(t->kind == PGS_SECTION_TABLE);
			REQUIRE(t->where_len >= 1 &&
				strlen(t->where) == t->where_len);
			REQUIRE(t->where_line > t->line);
		}
		for (j = 0; j < t->ncols; j++) {
			const struct pgs_column_rule *c = &t->cols[j];
			size_t b;

			REQUIRE(c->expr.name && c->text && c->line > t->line);
			REQUIRE(!c->nbranches || !c->is_star);
			for (b = 0; b < c->nbranches; b++)
				REQUIRE(c->branches[b].cond_len >= 1 &&
					strlen(c->branches[b].cond) ==
					c->branches[b].cond_len &&
					c->branches[b].expr.name &&
					c->branches[b].text);
			if (c->is_star) {
				REQUIRE(strcmp(c->column, "*") == 0);
			} else {
				REQUIRE(strlen(c->column) >= 1 &&
					strlen(c->column) <= 63);
				REQUIRE(pgs_rules_find_column(t, c->column) == c);
			}
			check_reparse(c->text);
		}
	}
	pgs_rules_release(&r);
	return 0;
}
