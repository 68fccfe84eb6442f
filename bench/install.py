"""Time to install our three addons into a fresh database, against helpdesk_mgmt alone.

Both installs start from an empty database (base only), so dependencies are included: the figure
is what an administrator waits for. Run with `setup/bench install`.
"""

# bench: no-db
import os
import subprocess
import sys
import time

ODOO_BIN = os.path.join(os.environ["ODOO_SRC"], "odoo-bin")
CONF = os.environ["BENCH_CONF"]
OURS = "complaint_management,complaint_sla,complaint_survey"


def install(db, modules):
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, ODOO_BIN, "-c", CONF, "-d", db, "-i", modules, "--stop-after-init"],
        check=True,
    )
    elapsed = time.perf_counter() - start
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    return elapsed


def main():
    baseline = install("complaint_bench_install_base", "helpdesk_mgmt")
    print(f"helpdesk_mgmt alone (baseline):       {baseline:7.1f} s")
    ours = install("complaint_bench_install_ours", OURS)
    print(f"our three addons (with website, survey): {ours:7.1f} s")
    print(f"RESULT install_s={ours:.1f} baseline_s={baseline:.1f} ratio={ours / baseline:.2f}")


if __name__ == "__main__":
    main()
