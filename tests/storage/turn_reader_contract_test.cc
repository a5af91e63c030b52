// TurnReader's contract on every backend of store_backends.h: what it reads
// together is what the stores read one by one.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "storage/storage.h"
#include "tests/storage/store_backends.h"

namespace beian {
namespace {

const SessionKey kAlice{"wechat", "group 1", "alice"};

TEST_CASE_TEMPLATE("a turn's reads find nothing in an empty storage", B, BEIAN_STORE_BACKENDS) {
  B backend;
  const TurnReads r = backend.storage().turn_reader().Read({kAlice, "m1", true});
  CHECK_FALSE(r.replies.has_value());
  CHECK_FALSE(r.session.has_value());
  CHECK(r.pending == backend.storage().triage().MayHavePending({"wechat", "group 1", "alice"}));
}

TEST_CASE_TEMPLATE("a turn's reads are the session, the flag and the message id of that sender", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  Storage& s = backend.storage();
  s.sessions().Save(kAlice, R"({"step":2})", 100);
  s.sessions().Save(kAlice, R"({"step":3})", 250);
  s.processed().Remember("wechat", "m1", R"(["第一"])", 100);
  s.tickets().OpenTicket({"wechat", "group 1", "alice"}, 100, 0);
  TurnReader& reader = s.turn_reader();

  // A retry: its stored replies (the rest may be left unread).
  CHECK(reader.Read({kAlice, "m1", true}).replies == std::optional<std::string>(R"(["第一"])"));

  const TurnReads fresh = reader.Read({kAlice, "m2", true});
  CHECK_FALSE(fresh.replies.has_value());
  CHECK(fresh.pending);  // the open ticket
  REQUIRE(fresh.session.has_value());
  CHECK(fresh.session->state == R"({"step":3})");
  CHECK(fresh.session->created_at == 100);
  CHECK(fresh.session->updated_at == 250);

  CHECK_FALSE(reader.Read({kAlice, "m2", false}).pending);           // not asked
  CHECK_FALSE(reader.Read({kAlice, "", true}).replies.has_value());  // no id: no lookup

  // Another platform, chat or user reads none of alice's.
  for (const SessionKey& other :
       {SessionKey{"feishu", "group 1", "alice"}, SessionKey{"wechat", "group 2", "alice"},
        SessionKey{"wechat", "group 1", "bob"}}) {
    const TurnReads r = reader.Read({other, "m2", true});
    CHECK_FALSE(r.session.has_value());
    CHECK(r.pending == s.triage().MayHavePending({other.platform, other.chat, other.user}));
  }
  CHECK_FALSE(reader.Read({{"feishu", "group 1", "alice"}, "m1", true}).replies.has_value());
}

TEST_CASE_TEMPLATE("a turn's reads inside a transaction see what it wrote", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  Storage& s = backend.storage();
  s.transactor().Locked("conversation", [&] {
    s.sessions().Save(kAlice, "{}", 10);
    s.processed().Remember("wechat", "m1", "[]", 10);
    const TurnReads r = s.turn_reader().Read({kAlice, "m1", true});
    CHECK(r.replies == std::optional<std::string>("[]"));
    CHECK(s.turn_reader().Read({kAlice, "m2", true}).session.has_value());
  });
}

}  // namespace
}  // namespace beian
