/* test_order.c - the resolver order rules of each Windows version (core/order.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "order.h"
#include "testlib.h"

/* Two adapters with addresses 1,2,3 and 4,5,6 in binding order (Q164023's worked example). */
static bf_snapshot *two_adapter_machine(bool second_up)
{
    static const char *const a1[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
    static const char *const a2[] = {"10.0.0.4", "10.0.0.5", "10.0.0.6"};
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a, *b;
    size_t i;
    if (!s)
        return NULL;
    a = bf_snap_add_adapter(s);
    a->guid = "{A}";
    a->status = BF_OPER_UP;
    for (i = 0; i < 3; i++)
        bf_adapter_add_address(s, a, a1[i], 24)->family = 4;
    b = bf_snap_add_adapter(s);
    b->guid = "{B}";
    b->status = second_up ? BF_OPER_UP : BF_OPER_DISCONNECTED;
    for (i = 0; i < 3; i++)
        bf_adapter_add_address(s, b, a2[i], 24)->family = 4;
    bf_binding_add_entry(s, "\\Device\\{A}");
    bf_binding_add_entry(s, "\\Device\\{B}");
    return s;
}

static void join(const char **list, size_t n, char *out, size_t size)
{
    size_t i, used = 0;
    out[0] = 0;
    for (i = 0; i < n && used + 20 < size; i++)
        used += (size_t)snprintf(out + used, size - used, i ? ",%s" : "%s", list[i] + 7);
}

BF_TEST(order_nt4sp4_worked_example_gives_1_4_2_3_5_6)
{
    bf_snapshot *s = two_adapter_machine(true);
    const char **list;
    size_t n;
    char text[128];
    REQUIRE(s);
    REQUIRE(bf_order_predict(s, BF_ORDER_NT4SP4, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,4,2,3,5,6");
    /* the unbound (disconnected) adapter is still returned under NT4 SP4: the KB's bug */
    s->adapters[1].status = BF_OPER_DISCONNECTED;
    REQUIRE(bf_order_predict(s, BF_ORDER_NT4SP4, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,4,2,3,5,6");
    bf_snapshot_destroy(s);
}

BF_TEST(order_table_rows)
{
    bf_snapshot *s = two_adapter_machine(true);
    const char **list;
    size_t n;
    char text[128];
    bf_os os;
    static const char *const swapped[] = {"{B}", "{A}"};
    bf_order_change c;
    REQUIRE(s);
    /* binding rule (2000/2003): all addresses of each adapter in binding order */
    REQUIRE(bf_order_predict(s, BF_ORDER_BINDING, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,2,3,4,5,6");
    memset(&c, 0, sizeof c);
    c.binding_guids = swapped;
    c.binding_count = 2;
    REQUIRE(bf_order_predict(s, BF_ORDER_BINDING, &c, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "4,5,6,1,2,3");
    /* a disconnected adapter is not returned after SP5 / on 2000+ */
    s->adapters[1].status = BF_OPER_DISCONNECTED;
    REQUIRE(bf_order_predict(s, BF_ORDER_BINDING, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,2,3");
    s->adapters[1].status = BF_OPER_UP;
    /* metric rules: lowest metric first, binding order ignored */
    s->adapters[0].metric4 = 50;
    s->adapters[1].metric4 = 5;
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC10, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "4,5,6,1,2,3");
    /* SkipAsSource leaves an address out (metric rules only) */
    s->adapters[1].addresses[0].skip_as_source = BF_TRI_YES;
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC10, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "5,6,1,2,3");
    /* a proposed metric change is predicted */
    memset(&c, 0, sizeof c);
    c.metric_guid = "{B}";
    c.metric = 500;
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC10, &c, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,2,3,5,6");
    /* Vista rule: APIPA first on equal metrics */
    s->adapters[0].metric4 = s->adapters[1].metric4 = 20;
    s->adapters[1].addresses[1].address = "169.254.9.9";
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC, NULL, true, s->arena, &list, &n));
    CHECK_STR(list[0], "169.254.9.9");
    /* which rule for which OS */
    memset(&os, 0, sizeof os);
    os.major = 4; os.sp_major = 3;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_NT4);
    os.sp_major = 4;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_NT4SP4);
    CHECK_INT(bf_order_rule_for(&os, true), BF_ORDER_BINDING);
    os.major = 5; os.minor = 2;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_BINDING);
    os.major = 6; os.minor = 0;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_METRIC);
    os.major = 10;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_METRIC10);
    bf_snapshot_destroy(s);
}
