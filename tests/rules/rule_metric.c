/* rule_metric.c - the interface metric bindfix proposes ("worst metric + 100") against GetAdaptersAddresses'
 * documented GAA_FLAG_INCLUDE_ALL_INTERFACES: the list then holds interfaces that are not normally
 * shown, which must not count. On a synthetic snapshot (tests/scenarios, written by hand) plus one such
 * hidden interface. */
#include <stdio.h>
#include <stdlib.h>

#include "diagnose.h"
#include "rules.h"
#include "snapshot_json.h"

extern const char *bf_test_data_dir;

static char *read_data(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s\\%s", bf_test_data_dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = malloc(1 << 20);
    *len = data ? fread(data, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    return data;
}

BF_RULE(synthetic_worst_metric_ignores_hidden_interfaces,
        "GetAdaptersAddresses: GAA_FLAG_INCLUDE_ALL_INTERFACES \"Return addresses for all NDIS interfaces\" - also "
        "interfaces not bound to the address family and not normally returned (learn.microsoft.com, "
        "GetAdaptersAddresses function, Flags)")
{
    size_t len = 0;
    char *text = read_data("scenarios\\vpn-low-metric-2016.json", &len);
    bf_err err;
    CHECK(text != NULL);
    if (!text)
        return;
    bf_snapshot *s = bf_snapshot_read_json(text, len, "vpn-low-metric-2016.json", &err);
    free(text);
    CHECK(s != NULL);
    if (!s)
        return;
    /* a hidden interface, as GAA_FLAG_INCLUDE_ALL_INTERFACES lists it: no IPv4 address, a high metric */
    bf_adapter *h = bf_snap_add_adapter(s);
    CHECK(h != NULL);
    if (h) {
        h->guid = "{B3F6E0A2-5C41-4D7E-9A08-1E2D3C4B5A69}";
        h->friendly_name = "Teredo Tunneling Pseudo-Interface";
        h->description = "Teredo Tunneling Pseudo-Interface";
        h->if_type = 131;
        h->metric4 = 4250;
    }
    bf_diagnosis *d = bf_diagnose(s, NULL, &err);
    CHECK(d != NULL);
    int metric = -1;
    for (size_t i = 0; d && i < d->finding_count; i++)
        for (size_t j = 0; j < d->findings[i].action_count; j++)
            if (d->findings[i].actions[j].kind == BF_ACTION_SET_METRIC)
                metric = d->findings[i].actions[j].params.metric;
    if (metric != 125)
        printf("     proposed metric %d (the Ethernet adapter's 25 + 100 expected)\n", metric);
    CHECK(metric == 125);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}
