/*
 * test-server-limit.c: the per-address and per-account limits: IPv6
 * addresses counted by their /64, logins in progress counted against the
 * throttle's allowance, and a full table that never fails open (it
 * forgets what can be forgotten, tracks every connection, and refuses
 * logins it cannot track).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"
#include "roundtabled.h"

/* A configuration with the defaults and a few limits set. */
static int
setup(void **state)
{
	(void)state;
	log_setlevel(LOG_LVL_ERROR);
	srv.conf = config_new();
	srv.conf->max_per_address = 2;
	srv.conf->throttle_after = 3;
	srv.conf->max_connections = 0;
	limit_set_capacity(0);
	return (0);
}

/* Forget every entry and the configuration. */
static int
teardown(void **state)
{
	(void)state;
	limit_free();
	limit_set_capacity(0);
	config_free(srv.conf);
	srv.conf = NULL;
	return (0);
}

/* Fail a login n times. */
static void
fail_n(const char *ip, const char *name, int n)
{
	while (n-- > 0) {
		assert_int_equal(limit_login_begin(ip, name), 0);
		limit_login_fail(ip, name);
		limit_login_end(ip, name);
	}
}

/* One /64 is one address; a mapped IPv4 address is the IPv4 address. */
static void
test_limit_ipv6_prefix(void **state)
{
	(void)state;
	assert_int_equal(limit_conn_open("2001:db8:1:2::1"), 0);
	assert_int_equal(limit_conn_open("2001:db8:1:2:ffff:eeee:dddd:9"), 0);
	assert_int_equal(limit_conn_open("2001:db8:1:2:abcd::7"), -1);
	assert_int_equal(limit_conn_open("2001:db8:1:3::1"), 0);
	assert_int_equal(limit_conn_open("192.0.2.7"), 0);
	assert_int_equal(limit_conn_open("::ffff:192.0.2.7"), 0);
	assert_int_equal(limit_conn_open("192.0.2.7"), -1);
	limit_conn_close("2001:db8:1:2::1");
	assert_int_equal(limit_conn_open("2001:db8:1:2::99"), 0);
	/* failures from a /64 add up, whatever the host part */
	fail_n("2001:db8:9:9::1", "ada", 2);
	fail_n("2001:db8:9:9::2", "bob", 1);
	{
		bool	busy;

		assert_true(limit_login_check("2001:db8:9:9:1:2:3:4", "cy",
		    &busy) > 0);
		assert_false(busy);
		assert_int_equal(limit_login_check("2001:db8:9:a::1", "cy",
		    &busy), 0);
	}
	limit_conn_close("2001:db8:1:2:ffff:eeee:dddd:9");
	limit_conn_close("2001:db8:1:2::99");
	limit_conn_close("2001:db8:1:3::1");
	limit_conn_close("192.0.2.7");
	limit_conn_close("::ffff:192.0.2.7");
}

/*
 * Logins in progress use up the allowance: with three failures allowed,
 * a fourth concurrent check waits, for the address and for the account.
 */
static void
test_limit_inflight(void **state)
{
	bool	busy = false;
	int	i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(limit_login_check("10.0.0.1", "ada", &busy),
		    0);
		assert_int_equal(limit_login_begin("10.0.0.1", "ada"), 0);
	}
	assert_true(limit_login_check("10.0.0.1", "ada", &busy) > 0);
	assert_true(busy);
	/* another address, the same account: the account is busy too */
	busy = false;
	assert_true(limit_login_check("10.0.0.2", "ada", &busy) > 0);
	assert_true(busy);
	/* the same address, another account: the address is busy */
	busy = false;
	assert_true(limit_login_check("10.0.0.1", "bob", &busy) > 0);
	assert_true(busy);
	assert_int_equal(limit_login_check("10.0.0.2", "bob", &busy), 0);
	/* two fail: one failure is left, and one check is running */
	limit_login_fail("10.0.0.1", "ada");
	limit_login_end("10.0.0.1", "ada");
	limit_login_fail("10.0.0.1", "ada");
	limit_login_end("10.0.0.1", "ada");
	assert_true(limit_login_check("10.0.0.2", "ada", &busy) > 0);
	assert_true(busy);
	limit_login_end("10.0.0.1", "ada");
	assert_int_equal(limit_login_check("10.0.0.2", "ada", &busy), 0);
	/* the third failure starts the delays (these add up to 4 s) */
	fail_n("10.0.0.3", "ada", 3);
	assert_true(limit_login_check("10.0.0.4", "ada", &busy) > 0);
	assert_false(busy);
	/* nothing in progress is left behind */
	limit_login_ok("ada");
	limit_sweep();
	assert_int_equal(limit_login_check("10.0.0.4", "ada", &busy), 0);
}

/*
 * A full table forgets the oldest entry that holds only failures and no
 * delay; one that serves a delay is kept, and when nothing can go the
 * login is refused instead of going untracked. Connections are always
 * tracked, so the per-address cap holds however full the table is.
 */
static void
test_limit_full_table(void **state)
{
	bool	busy;
	char	name[32];
	int	i;

	(void)state;
	limit_set_capacity(8);
	/* two addresses and six accounts, each serving a long delay */
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "u%d", i);
		fail_n(i % 2 ? "10.1.0.1" : "10.1.0.2", name, 8);
	}
	assert_int_equal(limit_count(), 6);
	for (i = 4; i < 6; i++) {
		snprintf(name, sizeof name, "u%d", i);
		fail_n("10.1.0.1", name, 8);
	}
	assert_int_equal(limit_count(), 8);
	/* nothing can be forgotten: refused, and nothing new tracked */
	assert_int_equal(limit_login_begin("10.1.0.1", "newcomer"), -1);
	assert_int_equal(limit_count(), 8);
	/* the delays still hold */
	for (i = 0; i < 6; i++) {
		snprintf(name, sizeof name, "u%d", i);
		assert_true(limit_login_check("10.9.9.9", name, &busy) > 0);
	}
	/* a connection from a new address is still counted and capped */
	assert_int_equal(limit_conn_open("10.2.0.1"), 0);
	assert_int_equal(limit_conn_open("10.2.0.1"), 0);
	assert_int_equal(limit_conn_open("10.2.0.1"), -1);
	limit_conn_close("10.2.0.1");
	limit_conn_close("10.2.0.1");
	assert_int_equal(limit_count(), 8);
	limit_free();

	/* failures without a delay can be forgotten, oldest first */
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "v%d", i);
		fail_n("10.3.0.1", name, 1);
	}
	/* 10.3.0.1 has four failures: delayed; v0..v3 one each */
	assert_int_equal(limit_count(), 5);
	limit_set_capacity(5);
	assert_int_equal(limit_login_begin("10.4.0.1", "w"), 0);
	assert_int_equal(limit_count(), 5);
	limit_login_end("10.4.0.1", "w");
	/* two (v0 and v1) were forgotten; the delayed address was not */
	assert_int_equal(limit_count(), 3);
	assert_true(limit_login_check("10.3.0.1", "v2", &busy) > 0);
	assert_false(busy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_limit_ipv6_prefix, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limit_inflight, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limit_full_table, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
