#include "knowledge/knowledge_base.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_set>

#include "knowledge/catalogue.h"

namespace beian {
namespace {

using nlohmann::json;

constexpr std::string_view kSynonymsFile = "synonyms.json";
constexpr std::string_view kOutOfScopeFile = "out_of_scope.json";
constexpr std::string_view kGlossaryFile = "glossary.json";
constexpr std::string_view kLabelsFile = "labels.json";

// Reads typed values out of one JSON entry, recording what is missing or of
// the wrong type instead of throwing.
class EntryReader {
 public:
  EntryReader(const json& j, std::string file, std::string id, std::vector<LoadProblem>& problems)
      : j_(j), file_(std::move(file)), id_(std::move(id)), problems_(problems) {}

  std::string String(const char* key, bool required) {
    const auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) Problem(std::string("missing '") + key + "'");
      return {};
    }
    if (!it->is_string()) {
      Problem(std::string("'") + key + "' must be a string");
      return {};
    }
    auto s = it->get<std::string>();
    if (required && s.empty()) Problem(std::string("'") + key + "' is empty");
    return s;
  }

  std::vector<std::string> Strings(const char* key, bool required) {
    std::vector<std::string> out;
    const auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) Problem(std::string("missing '") + key + "'");
      return out;
    }
    if (!it->is_array()) {
      Problem(std::string("'") + key + "' must be an array of strings");
      return out;
    }
    for (const auto& v : *it) {
      if (!v.is_string() || v.get<std::string>().empty()) {
        Problem(std::string("'") + key + "' must hold non-empty strings");
        continue;
      }
      out.push_back(v.get<std::string>());
    }
    if (required && out.empty()) Problem(std::string("'") + key + "' is empty");
    return out;
  }

  std::optional<int> Int(const char* key, bool required) {
    const auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) Problem(std::string("missing '") + key + "'");
      return std::nullopt;
    }
    if (!it->is_number_integer()) {
      Problem(std::string("'") + key + "' must be an integer");
      return std::nullopt;
    }
    return it->get<int>();
  }

  const json* Object(const char* key) {
    const auto it = j_.find(key);
    if (it == j_.end()) {
      Problem(std::string("missing '") + key + "'");
      return nullptr;
    }
    if (!it->is_object()) {
      Problem(std::string("'") + key + "' must be an object");
      return nullptr;
    }
    return &*it;
  }

  void Problem(std::string message) { problems_.push_back({file_, id_, std::move(message)}); }

 private:
  const json& j_;
  std::string file_;
  std::string id_;
  std::vector<LoadProblem>& problems_;
};

void ReadLexicon(const json& j, const std::string& file, Lexicon& lexicon,
                 std::vector<LoadProblem>& problems) {
  auto& groups = lexicon.synonyms;
  auto& filler = lexicon.filler;
  if (!j.is_object()) {
    problems.push_back({file, "", "must be an object with 'groups' and 'filler'"});
    return;
  }
  if (const auto it = j.find("groups"); it != j.end() && it->is_array()) {
    for (const auto& g : *it) {
      EntryReader r(g, file, "", problems);
      if (!g.is_object()) {
        r.Problem("every group must be an object");
        continue;
      }
      SynonymGroup group{r.String("canonical", true), r.Strings("variants", true)};
      if (!group.canonical.empty() && !group.variants.empty()) groups.push_back(std::move(group));
    }
  } else {
    problems.push_back({file, "", "missing array 'groups'"});
  }
  EntryReader r(j, file, "", problems);
  filler = r.Strings("filler", false);
  lexicon.spoken_filler = r.Strings("spoken_filler", false);
  lexicon.error_cues = r.Strings("error_cues", false);
  lexicon.domain_anchors = r.Strings("domain_anchors", false);
  lexicon.role_anchors = r.Strings("role_anchors", false);
  lexicon.acknowledgements = r.Strings("acknowledgements", false);
  lexicon.other_platforms = r.Strings("other_platforms", false);
  lexicon.comparison_links = r.Strings("comparison_links", false);
  lexicon.comparison_words = r.Strings("comparison_words", false);
  lexicon.value_links = r.Strings("value_links", false);
  lexicon.other_services = r.Strings("other_services", false);
  lexicon.other_verifications = r.Strings("other_verifications", false);
  lexicon.other_senders = r.Strings("other_senders", false);
  lexicon.task_requests = r.Strings("task_requests", false);
  lexicon.task_verbs = r.Strings("task_verbs", false);
  lexicon.task_objects = r.Strings("task_objects", false);
  lexicon.current_marks = r.Strings("current_marks", false);
  lexicon.fill_questions = r.Strings("fill_questions", false);
  lexicon.hypothetical_marks = r.Strings("hypothetical_marks", false);
  lexicon.field_words = r.Strings("field_words", false);
  if (lexicon.field_words.size() > Lexicon::kMaxFieldWords) {
    r.Problem("'field_words' holds at most " + std::to_string(Lexicon::kMaxFieldWords) + " words");
    lexicon.field_words.resize(Lexicon::kMaxFieldWords);
  }
  lexicon.question_words = r.Strings("question_words", false);
  if (const auto it = j.find("hints"); it != j.end() && it->is_array()) {
    for (const auto& h : *it) {
      EntryReader hr(h, file, "", problems);
      Lexicon::Hint hint{hr.Strings("when", true), hr.String("add", true),
                         hr.Strings("with", false), hr.Strings("unless", false)};
      if (!hint.when.empty() && !hint.add.empty()) lexicon.hints.push_back(std::move(hint));
    }
  }
  lexicon.part_locators = r.Strings("part_locators", false);
  if (const auto it = j.find("section_words"); it != j.end()) {
    if (!it->is_object()) {
      problems.push_back({file, "", "'section_words' must map a section number to words"});
      return;
    }
    EntryReader people(*it, file, "", problems);
    for (const auto& [key, value] : it->items()) {
      int section = 0;
      try {
        section = std::stoi(key);
      } catch (const std::exception&) {
        section = 0;
      }
      if (section < 1 || section > 5) {
        problems.push_back({file, "", "'section_words' key '" + key + "' is not a section 1 to 5"});
        continue;
      }
      lexicon.section_words.emplace_back(section, people.Strings(key.c_str(), true));
    }
  }
}

void ReadOutOfScope(const json& j, const std::string& file, std::vector<OutOfScopeTopic>& topics,
                    std::vector<LoadProblem>& problems) {
  const auto list = j.is_object() ? j.find("topics") : j.end();
  if (!j.is_object() || list == j.end() || !list->is_array()) {
    problems.push_back({file, "", "must be an object with an array 'topics'"});
    return;
  }
  for (const auto& t : *list) {
    if (!t.is_object()) {
      problems.push_back({file, "", "every topic must be an object"});
      continue;
    }
    EntryReader r(t, file, "", problems);
    OutOfScopeTopic topic{r.String("name", true), r.Strings("examples", true)};
    if (!topic.name.empty() && !topic.examples.empty()) topics.push_back(std::move(topic));
  }
}

// glossary.json: {"terms": [{"means": "人脸核身", "say": ["face verify", …],
// "kind": "english"}], "filler": ["thx", …]} — the English, pinyin and
// abbreviated ways users write the domain's words. Each term becomes a
// synonym group (its `means` the canonical word); sound-alike slips
// ("homophone") and Cantonese words ("dialect": 唔 → 不, 边度 → 哪里) are
// rewritten before the synonyms instead. Its filler joins the chat filler.
void ReadGlossary(const json& j, const std::string& file, Lexicon& lexicon,
                  std::vector<LoadProblem>& problems) {
  const auto list = j.is_object() ? j.find("terms") : j.end();
  if (!j.is_object() || list == j.end() || !list->is_array()) {
    problems.push_back({file, "", "must be an object with an array 'terms'"});
    return;
  }
  for (const auto& t : *list) {
    if (!t.is_object()) {
      problems.push_back({file, "", "every term must be an object"});
      continue;
    }
    EntryReader r(t, file, "", problems);
    SynonymGroup group{r.String("means", true), r.Strings("say", true)};
    const std::string kind = r.String("kind", true);
    if (group.canonical.empty() || group.variants.empty()) continue;
    const bool rewrite = kind == "homophone" || kind == "dialect";
    (rewrite ? lexicon.homophones : lexicon.synonyms).push_back(std::move(group));
  }
  EntryReader r(j, file, "", problems);
  for (std::string& f : r.Strings("filler", false)) lexicon.filler.push_back(std::move(f));
}

std::optional<json> ReadJsonFile(const std::filesystem::path& path, const std::string& name,
                                 std::vector<LoadProblem>& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back({name, "", "cannot be read"});
    return std::nullopt;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return json::parse(buf.str());
  } catch (const json::parse_error& e) {
    problems.push_back({name, "", std::string("is not valid JSON: ") + e.what()});
    return std::nullopt;
  }
}

// The checks that need every entry: unique ids, related ids that exist, and
// an entry for every catalogue id.
void CheckAcrossEntries(const std::vector<Entry>& entries, std::vector<LoadProblem>& problems) {
  std::unordered_set<std::string> ids;
  for (const auto& e : entries) {
    if (!ids.insert(e.id).second) problems.push_back({e.file, e.id, "duplicate id"});
  }
  for (const auto& e : entries) {
    for (const auto& r : e.related) {
      if (!ids.contains(r))
        problems.push_back({e.file, e.id, "related id '" + r + "' does not exist"});
      if (r == e.id) problems.push_back({e.file, e.id, "lists itself as related"});
    }
  }
  for (std::string_view id : CatalogueIds()) {
    if (!ids.contains(std::string(id))) {
      problems.push_back({"(catalogue)", std::string(id), "catalogue id has no entry"});
    }
  }
}

}  // namespace

std::optional<Entry> ParseEntry(const json& j, const std::string& file,
                                std::vector<LoadProblem>& problems, bool check_alias_count) {
  if (!j.is_object()) {
    problems.push_back({file, "", "every entry must be a JSON object"});
    return std::nullopt;
  }
  std::string id;
  if (const auto it = j.find("id"); it != j.end() && it->is_string()) id = it->get<std::string>();
  const size_t before = problems.size();
  EntryReader r(j, file, id, problems);
  if (id.empty()) r.Problem("missing 'id'");

  Entry e;
  e.id = id;
  e.file = file;
  const std::string kind = r.String("kind", true);
  if (!kind.empty()) {
    if (auto k = ParseEntryKind(kind)) {
      e.kind = *k;
      if (!id.empty() && id.rfind(kind + ".", 0) != 0) {
        r.Problem("id must start with its kind '" + kind + ".'");
      }
    } else {
      r.Problem("unknown kind '" + kind + "' (field, error, faq or note)");
    }
  }
  if (auto s = r.Int("section", true)) {
    if (*s < 0 || *s > 5) r.Problem("'section' must be 0 to 5");
    e.section = *s;
  }
  e.field_no = r.Int("field_no", false);
  e.field_name = r.String("field_name", e.kind == EntryKind::kField);
  e.title = r.String("title", true);
  e.error_texts = r.Strings("error_texts", e.kind == EntryKind::kError);
  e.summary = r.String("summary", true);
  e.steps = r.Strings("steps", true);
  e.notes = r.Strings("notes", false);
  e.related = r.Strings("related", false);
  e.aliases = r.Strings("aliases", true);
  const std::string certainty = r.String("certainty", true);
  if (!certainty.empty()) {
    if (auto c = ParseCertainty(certainty)) {
      e.certainty = *c;
    } else {
      r.Problem("unknown certainty '" + certainty + "' (certain, likely, uncertain or varies)");
    }
  }
  if (const json* src = r.Object("source")) {
    EntryReader s(*src, file, id, problems);
    const std::string skind = s.String("kind", true);
    if (auto k = ParseSourceKind(skind)) {
      e.source.kind = *k;
    } else if (!skind.empty()) {
      s.Problem("unknown source kind '" + skind + "' (guide, community or fact)");
    }
    e.source.detail = s.String("detail", true);
    e.source.url = s.String("url", false);
    e.source.facts = s.String("facts", false);
  }
  const size_t min_aliases = (e.kind == EntryKind::kError || e.kind == EntryKind::kFaq) ? 5 : 3;
  if (check_alias_count && !e.aliases.empty() && e.aliases.size() < min_aliases) {
    r.Problem("needs at least " + std::to_string(min_aliases) + " aliases, has " +
              std::to_string(e.aliases.size()));
  }
  (void)before;
  // An entry with problems is still returned (when it has an id) so that the
  // checks across entries do not report it a second time as missing.
  if (id.empty()) return std::nullopt;
  return e;
}

std::string LoadProblem::ToString() const {
  std::string s = file;
  if (!entry_id.empty()) s += ": entry '" + entry_id + "'";
  return s + ": " + message;
}

KnowledgeBaseError::KnowledgeBaseError(std::vector<LoadProblem> problems)
    : std::runtime_error([&] {
        std::string msg = "knowledge base is invalid:";
        for (const auto& p : problems) msg += "\n  " + p.ToString();
        return msg;
      }()),
      problems_(std::move(problems)) {}

KnowledgeBase::KnowledgeBase(std::vector<Entry> entries, Lexicon lexicon, Labels labels,
                             std::vector<OutOfScopeTopic> out_of_scope)
    : entries_(std::move(entries)),
      lexicon_(std::move(lexicon)),
      labels_(std::move(labels)),
      out_of_scope_(std::move(out_of_scope)) {
  for (size_t i = 0; i < entries_.size(); ++i) by_id_.emplace(entries_[i].id, i);
}

const Entry* KnowledgeBase::Find(std::string_view id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

ReadResult ReadKnowledgeBase(const std::filesystem::path& dir) {
  ReadResult result;
  auto& problems = result.problems;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    problems.push_back({dir.string(), "", "is not a directory"});
    return result;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& de : std::filesystem::directory_iterator(dir, ec)) {
    if (de.is_regular_file() && de.path().extension() == ".json") files.push_back(de.path());
  }
  std::sort(files.begin(), files.end());

  std::vector<Entry> entries;
  Lexicon lexicon;
  std::vector<OutOfScopeTopic> out_of_scope;
  std::optional<Labels> labels;
  bool saw_synonyms = false;
  bool saw_labels = false;
  std::optional<json> glossary;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    const auto j = ReadJsonFile(path, name, problems);
    if (!j) continue;
    if (name == kSynonymsFile) {
      saw_synonyms = true;
      ReadLexicon(*j, name, lexicon, problems);
      continue;
    }
    if (name == kLabelsFile) {
      saw_labels = true;
      labels = ReadLabels(*j, name, problems);
      continue;
    }
    if (name == kGlossaryFile) {
      glossary = j;
      continue;
    }
    if (name == kOutOfScopeFile) {
      ReadOutOfScope(*j, name, out_of_scope, problems);
      continue;
    }
    const auto list = j->find("entries");
    if (!j->is_object() || list == j->end() || !list->is_array()) {
      problems.push_back({name, "", "must be an object with an array 'entries'"});
      continue;
    }
    for (const auto& item : *list) {
      if (auto e = ParseEntry(item, name, problems)) entries.push_back(std::move(*e));
    }
  }
  if (!saw_synonyms) problems.push_back({std::string(kSynonymsFile), "", "is missing"});
  if (!saw_labels) problems.push_back({std::string(kLabelsFile), "", "is missing"});
  // After synonyms.json, whatever the file order: a Chinese word's own group
  // comes first, and the glossary adds its spellings to it.
  if (glossary) ReadGlossary(*glossary, std::string(kGlossaryFile), lexicon, problems);

  CheckAcrossEntries(entries, problems);
  if (problems.empty()) {
    // No problems means labels.json was read whole.
    result.kb.emplace(std::move(entries), std::move(lexicon), std::move(*labels),
                      std::move(out_of_scope));
  }
  return result;
}

nlohmann::json EntryToJson(const Entry& e) {
  json j = {{"id", e.id}, {"kind", std::string(ToString(e.kind))}, {"section", e.section}};
  if (e.field_no) j["field_no"] = *e.field_no;
  if (!e.field_name.empty()) j["field_name"] = e.field_name;
  j["title"] = e.title;
  if (!e.error_texts.empty()) j["error_texts"] = e.error_texts;
  j["summary"] = e.summary;
  j["steps"] = e.steps;
  if (!e.notes.empty()) j["notes"] = e.notes;
  if (!e.related.empty()) j["related"] = e.related;
  json source = {{"kind", std::string(ToString(e.source.kind))}, {"detail", e.source.detail}};
  if (!e.source.url.empty()) source["url"] = e.source.url;
  if (!e.source.facts.empty()) source["facts"] = e.source.facts;
  j["source"] = std::move(source);
  j["certainty"] = std::string(ToString(e.certainty));
  j["aliases"] = e.aliases;
  return j;
}

KnowledgeBase LoadKnowledgeBase(const std::filesystem::path& dir) {
  ReadResult r = ReadKnowledgeBase(dir);
  if (!r.problems.empty()) throw KnowledgeBaseError(std::move(r.problems));
  return std::move(*r.kb);
}

}  // namespace beian
