/*
 * fuzz_policy.c - the nsx.conf parser and matcher
 *
 * Input: a policy file. It is parsed as /etc/nsx.conf would be; a file
 * that parses is matched against a few callers, targets and requests.
 * A parse error must name its line and leave no rules behind; a match
 * must be one of the parsed rules.
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nsx/setuid/policy.h"

static void match_some(const struct policy *p)
{
	static const gid_t groups[] = { 0, 100, 1000 };
	const struct policy_caller callers[] = {
		{ .uid = 1000, .gid = 1000, .groups = groups, .ngroups = 3 },
		{ .uid = 0, .gid = 0, .groups = NULL, .ngroups = 0,
		  .confined = true },
	};
	struct policy_facts facts = { .process = true,
				      .uid = { 1000, 1000, 1000, 1000 },
				      .cgroup = "/system.slice/docker-0123.scope",
				      .net_known = true, .net_ino = 4026531840,
				      .net_dev = 4, .ns_known = CLONE_NEWNET,
				      .ns_ino = { [NS_NET] = 4026531840 },
				      .ns_dev = { [NS_NET] = 4 }, .nsfs_dev = 4 };
	const struct policy_request reqs[] = {
		{ .nsflags = CLONE_NEWNET },
		{ .nsflags = CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC },
		{ .nsflags = CLONE_NEWNET, .links_write = true },
	};

	for (size_t c = 0; c < 2; c++) {
		for (size_t r = 0; r < 3; r++) {
			const struct policy_rule *rule;

			facts.process = r != 1;
			rule = policy_match(p, &callers[c], &facts, &reqs[r]);
			if (rule && (rule < p->rules || rule >= p->rules + p->n))
				__builtin_trap();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p = { 0 };
	struct nsx_err err = { 0 };
	FILE *f;
	int r;

	if (size == 0 || size > 1 << 16)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	r = policy_parse(&p, f, "fuzz.conf", &err);
	fclose(f);
	if (r < 0 && (!err.msg[0] || p.bad_line <= 0))
		__builtin_trap();
	if (r == 0)
		match_some(&p);
	policy_free(&p);
	return 0;
}
