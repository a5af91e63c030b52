#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/form_spec.h"
#include "dialogs/validators.h"
#include "dialogs/walk_state.h"
#include "knowledge/knowledge_base.h"

namespace beian {

// Keyed hash of a sensitive value (HMAC with a secret the caller owns), so
// that dialogs can compare phone and ID numbers across fields without ever
// holding the secret or storing the values.
using Hasher = std::function<std::string(std::string_view)>;

// The words users type to steer the walkthrough (the whole message must be
// the command: "下一步", "跳到第3部分", "跳到通讯地址", "进度" …).
enum class WalkCommand {
  kStart,
  kNext,
  kBack,
  kJump,
  kProgress,
  kHelp,
  kPause,
  kResume,
  kRestart,
  kKeep
};

struct ParsedCommand {
  WalkCommand command = WalkCommand::kHelp;
  size_t target = 0;  // kJump: the step to go to
};

// The step-by-step filing conversation: a pure state machine over WalkState.
// Every call returns the replies to send, in order, and updates the state;
// nothing here reads a clock, a file or the network (`today` is given).
// Every sentence comes from the form's texts (texts.json), every word it
// understands from its words (words.json); each input step's value is checked
// by the check its step names (dialogs/checks.h).
// Thread-safety: immutable; calls on different states may run concurrently.
class Walkthrough {
 public:
  // `form` and `kb` must outlive this object. Throws FormSpecError when a
  // step names a knowledge-base entry that does not exist.
  Walkthrough(const FormSpec& form, const KnowledgeBase& kb, Hasher hasher);

  // The command the whole message is (words.json "commands" and "jump"), or nothing.
  std::optional<ParsedCommand> ParseCommand(std::string_view text) const;

  std::vector<std::string> Apply(WalkState& state, const ParsedCommand& command,
                                 std::chrono::year_month_day today) const;

  // Takes `text` as the answer to the current step.
  std::vector<std::string> Answer(WalkState& state, std::string_view text,
                                  std::chrono::year_month_day today) const;

  // A short reminder of the current question, after a side question.
  std::string Reprompt(const WalkState& state) const;

  std::string Progress(const WalkState& state) const;
  std::string Summary(const WalkState& state) const;
  std::string Help() const;

  // The step the user is on; nullptr when none is active.
  const Step* Current(const WalkState& state) const;

  // "第 2 部分 · 主体负责人信息 · 第 7/10 项「手机号」".
  std::string Where(const Step& step) const;

 private:
  // The step a jump names in everyday words ("主体负责人邮箱", "公司名称",
  // "管理员的手机"): the part they name, if any, and the field's label.
  std::optional<size_t> FieldByWords(std::string_view words) const;
  // The step a jump's words name (after "跳到"): 第N部分, a label, or a field
  // in everyday words.
  std::optional<size_t> JumpTarget(const std::string& rest) const;
  // What to say after "跳到" to come back to `step`: its label, with its part
  // in front when another part has a field of that label ("小程序负责人手机号").
  std::string JumpWords(const Step& step) const;
  // "主体负责人" / "小程序负责人" for a step's person ("principal" / "admin").
  std::string PersonName(const std::string& person) const;
  std::string Say(Text text, const TextArgs& args = {}) const;

  std::vector<std::string> Start(WalkState& state) const;
  // Moves to step `index` and asks it; auto steps are told and passed.
  void Enter(WalkState& state, size_t index, std::vector<std::string>& out) const;
  std::string Intro(const WalkState& state, const Step& step) const;
  // The platform errors a step's entry can cause, with their first fix.
  std::string CommonErrors(const Entry& entry) const;
  std::vector<std::string> Notes(const WalkState& state,
                                 const std::vector<ConditionalNote>& notes) const;
  void Record(WalkState& state, const Step& step, FieldAnswer answer,
              std::vector<std::string>& out) const;

  // The answer to the current step, by the step's kind (Answer's parts).
  void AnswerConfirm(WalkState& state, const Step& step, const std::string& bare,
                     std::vector<std::string>& out) const;
  void AnswerChoice(WalkState& state, const Step& step, const std::string& bare,
                    std::vector<std::string>& out) const;
  // "同上" at part 4: part 2's answer. False when `bare` is no such word.
  bool AnswerSameAsPrincipal(WalkState& state, const Step& step, const std::string& bare,
                             std::vector<std::string>& out) const;
  void AnswerInput(WalkState& state, const Step& step, std::string_view text,
                   std::chrono::year_month_day today, std::vector<std::string>& out) const;
  // A checked value as it is recorded: masked, hashed and cross-checked; the
  // check result turns kInvalid when a cross-field rule refuses it.
  FieldAnswer Recorded(const WalkState& state, const Step& step, CheckResult& r) const;
  // Refuses `text` with `message`; keeps it for "就用这个" when the check allows.
  void Refuse(WalkState& state, const Step& step, std::string_view text, const std::string& message,
              const std::string& error_id, std::vector<std::string>& out) const;

  // Cross-field rules for phone numbers and emails: returns a refusal or warning, or nothing.
  std::optional<FieldAnswer> CrossCheck(const WalkState& state, const Step& step,
                                        const std::string& hash) const;
  // The administrator's ID number: a residence permit cannot pass 人脸核身,
  // and it must agree with what was said about "same person".
  void CheckAdminId(const WalkState& state, const std::string& id, FieldAnswer& answer) const;
  bool SamePerson(const WalkState& state) const;

  // Apply's parts: the commands that manage the session, and the moves
  // within an active walkthrough.
  std::optional<std::vector<std::string>> ApplyToSession(WalkState& state,
                                                         const ParsedCommand& command) const;
  void Move(WalkState& state, const ParsedCommand& command, std::vector<std::string>& out) const;
  void Keep(WalkState& state, std::vector<std::string>& out) const;

  const FormSpec& form_;
  const KnowledgeBase& kb_;
  Hasher hasher_;
};

}  // namespace beian
