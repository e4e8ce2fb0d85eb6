/*
 * cli.h — the pgscrub subcommands other than the scrub itself, each a whole
 * command line of its own (src/cli_check.c).
 *
 * main.c calls them when argv[1] is "check" or "init", passing argc - 1 and
 * argv + 1, so that argv[0] is the subcommand's name and argv[1] its first
 * argument.  They read argv, print to stdout and stderr, and return the exit
 * code for main() to return: 0 success (check: the rules cover the schema,
 * warnings allowed), 1 (check only) problems found, 2 bad usage, unreadable
 * input, an unreachable database or an invalid rules file.
 */
#ifndef PGSCRUB_CLI_H
#define PGSCRUB_CLI_H

/* pgscrub check -r RULES [ARCHIVE | --dbname CONNINFO] [--format text|json] */
int pgs_cli_check(int argc, char **argv);

/* pgscrub init [ARCHIVE | --dbname CONNINFO] [--update RULES] [-o FILE] */
int pgs_cli_init(int argc, char **argv);

#endif
