#!/bin/sh
# Installs Debian's Chromium and its matching driver for the router console's browser test, once: does nothing
# when /usr/bin/chromedriver is there. The build runs as root on CI; another apt run holding the lock is waited for.
set -eu
test -x /usr/bin/chromedriver && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: /usr/bin/chromedriver is missing and this build cannot apt-get install it (needs root" \
        "and apt); install Debian's chromium and chromium-driver, then build again" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
attempt=1
until apt-get -qq -o DPkg::Lock::Timeout=600 update \
        && apt-get -qq -y -o DPkg::Lock::Timeout=600 install chromium chromium-driver >/dev/null; do
    test -x /usr/bin/chromedriver && exit 0
    if [ "$attempt" -ge 10 ]; then
        echo "install-chromium: apt-get failed $attempt times; install chromium and chromium-driver by hand" >&2
        exit 1
    fi
    attempt=$((attempt + 1))
    sleep 10
done
