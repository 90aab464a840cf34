#!/bin/sh
# Debian packages the tests need: chromium (browser tests, driven by Playwright without a browser
# download) and nginx (tests/test_nginx.py serves a published site through scripts/nginx.conf).
# Installs what is missing when we are root; otherwise says the one command to run.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium fonts-noto-cjk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "正在安装测试所需的 Debian 软件包：$missing"
  apt-get update -qq
  # RUNLEVEL=1: Debian's nginx package would otherwise start a server on port 80 here.
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "测试需要以下 Debian 软件包，请先运行：sudo apt-get install -y$missing" >&2
  exit 1
fi
