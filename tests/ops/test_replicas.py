"""The load balancer's configuration (ops.replicas): what deploy/haproxy.cfg says is what the tests run."""

from __future__ import annotations

import subprocess

from ops.replicas import COOKIE, haproxy_binary, haproxy_config
from tests.conftest import ROOT, unavailable

EXAMPLE = [(f"r{i}", f"127.0.0.1:{8500 + i}") for i in range(1, 5)]


def test_deploy_config_is_the_rendered_one():
    assert (ROOT / "deploy" / "haproxy.cfg").read_text() == haproxy_config("*:80", EXAMPLE)


def test_config_is_sticky_by_cookie_checks_health_under_the_sub_path_and_keeps_websockets():
    config = haproxy_config("127.0.0.1:8080", EXAMPLE[:2], "dashboard")
    assert f"cookie {COOKIE} insert indirect nocache httponly" in config
    assert "balance source" not in config  # offices share one address behind their proxy
    assert "http-check send meth GET uri /dashboard/_stcore/health" in config
    assert "timeout tunnel 1h" in config
    assert "server r2 127.0.0.1:8502 check inter 2s fall 2 rise 1 cookie r2" in config


def test_haproxy_accepts_the_config(tmp_path):
    binary = haproxy_binary()
    if binary is None:
        unavailable("haproxy not installed (scripts/install_system_deps.sh)")
    path = tmp_path / "haproxy.cfg"
    path.write_text(haproxy_config("127.0.0.1:8080", EXAMPLE))
    checked = subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
