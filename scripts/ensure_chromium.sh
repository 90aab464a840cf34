#!/bin/sh
# Browser tests drive Debian's chromium through Playwright (no browser download).
# Installs it when missing and we are root; otherwise says the one command to run.
set -e
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "正在安装浏览器测试所需的 chromium（Debian 软件包）……"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "浏览器测试需要 chromium，请先运行：sudo apt-get install -y chromium fonts-noto-cjk" >&2
  exit 1
fi
