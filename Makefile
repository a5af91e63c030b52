# beian-bot — the two commands of the README.
#   make run   install missing packages, build, start the server
#   make test  install missing packages, build, run every test
BUILD ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= Release
CMAKE_ARGS ?=

PREFIX ?= /usr/local

.PHONY: all deps build run test clean install

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/beian-bot serve

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)

# Behind nginx as a system service (README "公开部署 / Public deployment"):
# the binary and its data files, a system user, the systemd unit, the nginx
# site and an empty /etc/beian-bot/env for the secrets. Existing config files
# are kept.
install: build
	install -D -m 0755 $(BUILD)/beian-bot $(PREFIX)/bin/beian-bot
	install -d $(PREFIX)/share/beian-bot/knowledge $(PREFIX)/share/beian-bot/web
	install -m 0644 knowledge/data/*.json $(PREFIX)/share/beian-bot/knowledge/
	install -m 0644 dialogs/data/*.json $(PREFIX)/share/beian-bot/
	install -m 0644 web/*.html $(PREFIX)/share/beian-bot/web/
	id -u beian-bot >/dev/null 2>&1 || useradd --system --home-dir /var/lib/beian-bot --shell /usr/sbin/nologin beian-bot
	sed 's|/usr/local|$(PREFIX)|g' deploy/systemd/beian-bot.service > /etc/systemd/system/beian-bot.service
	install -d -m 0700 /etc/beian-bot
	[ -e /etc/beian-bot/env ] || install -m 0600 /dev/null /etc/beian-bot/env
	[ -e /etc/nginx/conf.d/beian-bot.conf ] || install -D -m 0644 deploy/nginx/beian-bot.conf /etc/nginx/conf.d/beian-bot.conf
