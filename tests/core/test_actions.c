/* test_actions.c - the repair actions as types (core/diagnose.h): every kind has its token, the
 * diagnosis JSON spells kinds and parameters as it always did ("kind": "set-metric", "params":
 * ["adapter=...", "metric=110"]), and two actions are the same exactly when kind and parameters are. */
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "diagnosis_json.h"
#include "testlib.h"

BF_TEST(action_kind_tokens_are_the_documented_ones)
{
    /* help/findings.md, "Action kinds", in enum order */
    static const char *const want[BF_ACTION__COUNT] = {"reorder-bindings", "set-metric", "skip-as-source",
                                                       "hosts-comment", "ldap-alt-port", "restart-services",
                                                       "install-fix", "start-service", "port-exclusion",
                                                       "http-listen-remove", "set-disabled-components",
                                                       "pin-setting", "dns-registration-off", "delayed-auto-start"};
    int v;
    for (v = 0; v < BF_ACTION__COUNT; v++)
        CHECK_STR(bf_action_kind_token((bf_action_kind)v), want[v]);
    CHECK_STR(bf_action_kind_token(BF_ACTION__COUNT), "other");
    CHECK_STR(bf_action_kind_token((bf_action_kind)-1), "other");
}

/* One finding with an action of every kind, its parameters set as the rules set them. */
static bf_diagnosis *every_kind(void)
{
    bf_arena *a = bf_arena_create();
    bf_diagnosis *d = a ? bf_arena_alloc(a, sizeof *d) : NULL;
    bf_finding *f;
    int v;
    if (!d) {
        bf_arena_destroy(a);
        return NULL;
    }
    memset(d, 0, sizeof *d);
    d->arena = a;
    d->generation = "";
    d->order_rule = "";
    f = BF_PUSH(a, d->findings, d->finding_count, d->finding_cap);
    if (!f)
        return d;
    memset(f, 0, sizeof *f);
    f->id = "BF-TEST";
    f->title = f->cause = "";
    for (v = 0; v < BF_ACTION__COUNT; v++) {
        bf_action *ac = BF_PUSH(a, f->actions, f->action_count, f->action_cap);
        if (!ac)
            break;
        memset(ac, 0, sizeof *ac);
        ac->kind = (bf_action_kind)v;
        ac->title = ac->detail = ac->predicted = "";
    }
    f->actions[BF_ACTION_REORDER_BINDINGS].params.order = "{L},{D}";
    f->actions[BF_ACTION_SET_METRIC].params.adapter = "{D}";
    f->actions[BF_ACTION_SET_METRIC].params.metric = 110;
    f->actions[BF_ACTION_SKIP_AS_SOURCE].params.address = "198.51.100.7";
    f->actions[BF_ACTION_HOSTS_COMMENT].params.line = 3;
    f->actions[BF_ACTION_HOSTS_COMMENT].params.text = "198.51.100.7 \"H\"";
    f->actions[BF_ACTION_LDAP_ALT_PORT].params.port = 390;
    f->actions[BF_ACTION_RESTART_SERVICES].params.services = "MSExchangeDS,MSExchangeIS";
    f->actions[BF_ACTION_INSTALL_FIX].params.fix = "Q214864";
    f->actions[BF_ACTION_PIN_SETTING].params.reg_key = "SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters";
    f->actions[BF_ACTION_PIN_SETTING].params.reg_value = "ListenAddresses";
    f->actions[BF_ACTION_PIN_SETTING].params.edit = "remove-address";
    f->actions[BF_ACTION_PIN_SETTING].params.address = "198.51.100.99";
    /* start-service: no parameter at all, as a hand-built action may have */
    return d;
}

BF_TEST(action_params_keep_their_json_spelling)
{
    bf_diagnosis *d = every_kind();
    bf_buf out;
    const char *j;
    REQUIRE(d && d->finding_count == 1 && d->findings[0].action_count == BF_ACTION__COUNT);
    bf_buf_init(&out);
    bf_diagnosis_write_json(d, &out, 0);
    j = bf_buf_cstr(&out);
    CHECK(strstr(j, "\"kind\": \"reorder-bindings\"") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"order={L},{D}\"\n          ]") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"adapter={D}\",\n            \"metric=110\"\n          ]") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"address=198.51.100.7\"\n          ]") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"line=3\",\n            \"text=198.51.100.7 \\\"H\\\"\"\n          ]") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"port=390\"\n          ]") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"services=MSExchangeDS,MSExchangeIS\"\n          ]") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"fix=Q214864\"\n          ]") != NULL);
    CHECK(strstr(j, "\"kind\": \"start-service\"") != NULL);
    CHECK(strstr(j, "\"params\": [\n            \"address=198.51.100.99\",\n            "
                    "\"key=SYSTEM\\\\CurrentControlSet\\\\Services\\\\DNS\\\\Parameters\",\n            "
                    "\"value=ListenAddresses\",\n            \"edit=remove-address\"\n          ]") != NULL);
    CHECK(strstr(j, "\"params\": []") != NULL);
    bf_buf_free(&out);
    bf_diagnosis_destroy(d);
}

BF_TEST(action_same_means_same_kind_and_parameters)
{
    bf_diagnosis *d = every_kind();
    bf_action a, b;
    const bf_action *list[2];
    REQUIRE(d && d->finding_count == 1 && d->findings[0].action_count == BF_ACTION__COUNT);
    a = d->findings[0].actions[BF_ACTION_SET_METRIC];
    b = a;
    CHECK(bf_action_same(&a, &b));
    b.params.adapter = "{D}";       /* another copy of the same text: the same */
    b.title = "another title";      /* the title is not what is done */
    CHECK(bf_action_same(&a, &b));
    b.params.metric = 111;
    CHECK(!bf_action_same(&a, &b));
    b = a;
    b.params.adapter = NULL;
    CHECK(!bf_action_same(&a, &b) && !bf_action_same(&b, &a));
    b = a;
    b.kind = BF_ACTION_SKIP_AS_SOURCE;
    CHECK(!bf_action_same(&a, &b));
    b = d->findings[0].actions[BF_ACTION_HOSTS_COMMENT];
    a = b;
    a.params.text = "198.51.100.7 \"h\"";
    CHECK(!bf_action_same(&a, &b));
    list[0] = &d->findings[0].actions[BF_ACTION_INSTALL_FIX];
    list[1] = &b;
    CHECK(bf_action_listed(&d->findings[0].actions[BF_ACTION_HOSTS_COMMENT], list, 2));
    CHECK(!bf_action_listed(&d->findings[0].actions[BF_ACTION_HOSTS_COMMENT], list, 1));
    CHECK(!bf_action_listed(&a, list, 2));
    bf_diagnosis_destroy(d);
}
