// The parse driver: lexing, the delimiter check, chunking, the two-stage ANTLR parse, syntax
// error messages in rustc's words, and the hand-off to the AST builder. See parse.hpp.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <shared_mutex>

#include "ADSLParser.h"
#include "compiler/ast/deep_stack.hpp"
#include "compiler/parse/builder.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/parse/self_check.hpp"
#include "compiler/parse/syntax_error.hpp"
#include "compiler/parse/token_stream.hpp"

namespace asyncc::parse {

namespace {

using grammar::ADSLParser;

static_assert(ADSLParser::RuleFnItem == 9 && ADSLParser::RuleStructItem == 14,
              "update the rule numbers in syntax_error.cpp");

/// BailErrorStrategy that remembers where it failed.
class RecordingBail final : public antlr4::BailErrorStrategy {
 public:
  void recover(antlr4::Parser* recognizer, std::exception_ptr e) override {
    record(recognizer, e);
    antlr4::BailErrorStrategy::recover(recognizer, e);
  }
  antlr4::Token* recoverInline(antlr4::Parser* recognizer) override {
    failed = true;
    offending = recognizer->getCurrentToken()->getTokenIndex();
    context = recognizer->getContext();
    rule = context ? context->getRuleIndex() : 0;
    mismatch = true;
    if (detailed) expected = recognizer->getExpectedTokens();
    return antlr4::BailErrorStrategy::recoverInline(recognizer);
  }
  void reset(antlr4::Parser* recognizer) override {
    failed = false;
    mismatch = false;
    antlr4::BailErrorStrategy::reset(recognizer);
  }

  bool detailed = true;   // also record `expected` (off while probing: it costs)
  bool failed = false;
  bool mismatch = false;  // a match() failed (the expected set is exact at `offending`)
  antlr4::misc::IntervalSet expected;  // ANTLR's LL(1) expected set where the parser stopped
  std::size_t offending = 0;
  std::size_t rule = 0;
  antlr4::ParserRuleContext* context = nullptr;  // valid until the next parse attempt

 private:
  void record(antlr4::Parser* recognizer, const std::exception_ptr& e) {
    failed = true;
    try {
      std::rethrow_exception(e);
    } catch (antlr4::RecognitionException& re) {
      offending = re.getOffendingToken() ? re.getOffendingToken()->getTokenIndex()
                                         : recognizer->getCurrentToken()->getTokenIndex();
      context = dynamic_cast<antlr4::ParserRuleContext*>(re.getCtx());
      rule = context ? context->getRuleIndex() : 0;
      mismatch = dynamic_cast<antlr4::InputMismatchException*>(&re) != nullptr;
      if (detailed) expected = re.getExpectedTokens();
    } catch (...) {
      offending = recognizer->getCurrentToken()->getTokenIndex();
      context = recognizer->getContext();
    }
  }
};

struct Chunk {
  std::size_t begin;
  std::size_t end;  // exclusive; tokens[end] is where the chunk's EOF is placed
};

bool starts_item(const std::vector<Token>& tokens, std::size_t i) {
  switch (tokens[i].kind) {
    case TokenKind::Pound: case TokenKind::KwPub: case TokenKind::KwFn: case TokenKind::KwAsync:
    case TokenKind::KwConst: case TokenKind::KwUnsafe: case TokenKind::KwExtern: case TokenKind::KwStruct:
    case TokenKind::KwEnum: case TokenKind::KwImpl: case TokenKind::KwStatic: case TokenKind::KwUse:
    case TokenKind::KwMod: case TokenKind::KwTrait: case TokenKind::KwType: case TokenKind::Eof:
      return true;
    case TokenKind::Ident: return tokens[i + 1].kind == TokenKind::Not;
    default: return false;
  }
}

/// Cuts the (delimiter-balanced) token list into runs of whole top-level items: after a `;`
/// at depth 0, and after a `}` that returns to depth 0 when an item starts next.
std::vector<Chunk> split_chunks(const std::vector<Token>& tokens) {
  std::vector<Chunk> chunks;
  std::size_t begin = 0;
  std::size_t depth = 0;
  const std::size_t count = tokens.size() - 1;  // without Eof
  for (std::size_t i = 0; i < count; ++i) {
    switch (tokens[i].kind) {
      case TokenKind::LParen: case TokenKind::LBracket: case TokenKind::LBrace: ++depth; break;
      case TokenKind::RParen: case TokenKind::RBracket: if (depth) --depth; break;
      case TokenKind::RBrace:
        if (depth) --depth;
        if (depth == 0 && starts_item(tokens, i + 1)) {
          chunks.push_back({begin, i + 1});
          begin = i + 1;
        }
        break;
      case TokenKind::Semi:
        if (depth == 0) {
          chunks.push_back({begin, i + 1});
          begin = i + 1;
        }
        break;
      default: break;
    }
  }
  if (begin < count) chunks.push_back({begin, count});
  return chunks;
}

bool ends_operand(TokenKind kind) {
  switch (kind) {
    case TokenKind::Ident: case TokenKind::IntLit: case TokenKind::FloatLit: case TokenKind::StrLit:
    case TokenKind::RawStrLit: case TokenKind::CharLit: case TokenKind::RParen: case TokenKind::RBracket:
    case TokenKind::RBrace: case TokenKind::Question: case TokenKind::KwSelfValue: case TokenKind::KwSelfType:
    case TokenKind::KwAwait: case TokenKind::KwTrue: case TokenKind::KwFalse: case TokenKind::Gt:
    case TokenKind::GtJoint: case TokenKind::Underscore:
      return true;
    default: return false;
  }
}

/// A token-level upper estimate of how deep the parser will recurse, so that pathological
/// nesting is rejected before ANTLR's adaptive prediction scans it (prediction looks ahead
/// over a whole expression statement, and a 100,000-deep one would take quadratic time).
/// Brackets, and tokens that make the grammar recurse without a bracket (`return`, `break`,
/// assignments, closures, `if`/`match`/`while`/`for` heads, `&`/`*` types and patterns, `@`,
/// generic `<`), count one level each until the next statement or argument boundary.
/// Returns the index of the token where the estimate passes `limit`, or npos.
std::size_t find_too_deep(const std::vector<Token>& tokens, std::size_t begin, std::size_t end, std::size_t limit) {
  std::vector<std::size_t> bases;  // the level at each open bracket
  std::size_t level = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const TokenKind kind = tokens[i].kind;
    const bool operand_start = i == begin || !ends_operand(tokens[i - 1].kind);
    switch (kind) {
      case TokenKind::LParen: case TokenKind::LBracket: case TokenKind::LBrace:
        bases.push_back(level);
        ++level;
        break;
      case TokenKind::RParen: case TokenKind::RBracket: case TokenKind::RBrace:
        if (!bases.empty()) {
          level = bases.back();
          bases.pop_back();
        }
        // A `}` usually ends a statement; an `else` chain keeps counting.
        if (kind == TokenKind::RBrace && tokens[i + 1].kind != TokenKind::KwElse) {
          level = bases.empty() ? 0 : bases.back() + 1;
        }
        break;
      case TokenKind::Semi: case TokenKind::Comma: case TokenKind::FatArrow:
        level = bases.empty() ? 0 : bases.back() + 1;
        break;
      case TokenKind::KwReturn: case TokenKind::KwBreak: case TokenKind::KwIf: case TokenKind::KwMatch:
      case TokenKind::KwWhile: case TokenKind::KwFor: case TokenKind::Eq: case TokenKind::PlusEq:
      case TokenKind::MinusEq: case TokenKind::StarEq: case TokenKind::SlashEq: case TokenKind::PercentEq:
      case TokenKind::CaretEq: case TokenKind::AndEq: case TokenKind::OrEq: case TokenKind::ShlEq:
      case TokenKind::At: case TokenKind::KwMove: case TokenKind::KwImpl: case TokenKind::KwDyn:
        ++level;
        break;
      case TokenKind::Lt:
        if (i > begin && (tokens[i - 1].kind == TokenKind::Ident || tokens[i - 1].kind == TokenKind::PathSep)) ++level;
        break;
      case TokenKind::Or: case TokenKind::OrOr: case TokenKind::And: case TokenKind::AndAnd: case TokenKind::Star:
      case TokenKind::Minus: case TokenKind::Not:
        if (operand_start) ++level;
        break;
      default: break;
    }
    if (level > limit) return i;
  }
  return static_cast<std::size_t>(-1);
}

const char* closer_for(TokenKind open) {
  switch (open) {
    case TokenKind::LParen: return ")";
    case TokenKind::LBracket: return "]";
    default: return "}";
  }
}

bool matches(TokenKind open, TokenKind close) {
  return (open == TokenKind::LParen && close == TokenKind::RParen) ||
         (open == TokenKind::LBracket && close == TokenKind::RBracket) ||
         (open == TokenKind::LBrace && close == TokenKind::RBrace);
}

/// rustc's token-tree check: reports unexpected, mismatched and unclosed delimiters.
/// Returns false if there was any (the parse stops then, as rustc's does).
bool check_delimiters(const source::SourceFile& file, const std::vector<Token>& tokens, diag::DiagSink& sink) {
  std::vector<const Token*> stack;
  bool ok = true;
  // The last `{ … }` closed at the outermost level (rustc labels it for a stray `}`).
  const Token* last_open = nullptr;
  const Token* last_close = nullptr;
  for (const Token& token : tokens) {
    switch (token.kind) {
      case TokenKind::LParen: case TokenKind::LBracket: case TokenKind::LBrace: stack.push_back(&token); break;
      case TokenKind::RParen: case TokenKind::RBracket: case TokenKind::RBrace: {
        if (!stack.empty() && matches(stack.back()->kind, token.kind)) {
          if (stack.size() == 1 && token.kind == TokenKind::RBrace) {
            last_open = stack.back();
            last_close = &token;
          }
          stack.pop_back();
          break;
        }
        ok = false;
        const std::string text(token_kind_spelling(token.kind));
        if (stack.empty()) {
          auto d = diag::Diagnostic::make(diag::Kind::UnexpectedClosingDelimiter,
                                          "unexpected closing delimiter: `" + text + "`");
          d.primary(token.span(), "unexpected closing delimiter");
          if (last_open) {
            d.secondary(last_open->span(), "this opening brace...");
            d.secondary(last_close->span(), "...matches this closing brace");
          }
          sink.emit(std::move(d));
          break;
        }
        auto d = diag::Diagnostic::make(diag::Kind::MismatchedDelimiter, "mismatched closing delimiter: `" + text + "`");
        d.primary(stack.back()->span(), "unclosed delimiter");
        d.primary(token.span(), "mismatched closing delimiter");
        // The nearest enclosing opener this closer would match, if any.
        std::size_t match = stack.size();
        for (std::size_t i = stack.size(); i-- > 0;) {
          if (matches(stack[i]->kind, token.kind)) {
            match = i;
            break;
          }
        }
        if (match < stack.size()) {
          d.secondary(stack[match]->span(), "closing delimiter possibly meant for this");
          stack.resize(match);
        } else {
          stack.pop_back();
        }
        sink.emit(std::move(d));
        break;
      }
      default: break;
    }
  }
  if (!stack.empty()) {
    ok = false;
    auto d = diag::Diagnostic::make(diag::Kind::UnclosedDelimiter, "this file contains an unclosed delimiter");
    for (const Token* open : stack) d.secondary(open->span(), "unclosed delimiter");
    d.primary({file.size(), file.size()});
    // rustc lists the labels in source order with the primary last; keep the primary first
    // in the data so that renderers find it.
    std::rotate(d.labels.begin(), d.labels.end() - 1, d.labels.end());
    sink.emit(std::move(d));
  }
  (void)closer_for;
  return ok;
}

class Driver {
 public:
  Driver(const source::SourceFile& file, diag::DiagSink& sink, const Options& options, ProfileStats* stats)
      : file_(file), sink_(sink), options_(options), stats_(stats), stream_(file), parser_(&stream_) {
    parser_.removeErrorListeners();
    parser_.setErrorHandler(bail_);
  }

  ast::File run() {
    ast::File result;
    bool fatal = false;
    tokens_ = lex(file_, sink_, &fatal);
    if (fatal) return result;  // an unterminated literal or comment swallowed the rest
    if (!check_delimiters(file_, tokens_, sink_)) return result;
    Builder builder(file_, sink_, *result.arena);
    std::vector<ast::Item*> items;
    for (const Chunk& chunk : split_chunks(tokens_)) {
      ADSLParser::FileContext* tree = parse_chunk(chunk);
      if (tree) builder.build_file(tree, items);
    }
    result.items = ast::make_list(*result.arena, items);
    return result;
  }

 private:
  /// Parses one chunk: SLL first, LL on failure. Returns nullptr after reporting an error.
  ADSLParser::FileContext* parse_chunk(const Chunk& chunk) {
    if (stats_) ++stats_->chunks;
    if (const std::size_t deep = find_too_deep(tokens_, chunk.begin, chunk.end, 4 * max_nesting);
        deep != static_cast<std::size_t>(-1)) {
      report_too_deep(chunk, deep - chunk.begin);
      return nullptr;
    }
    ADSLParser::FileContext* tree = attempt(chunk, antlr4::atn::PredictionMode::SLL);
    if (tree && !options_.profile) return tree;
    if (!tree && stats_) ++stats_->sll_failures;
    if (options_.profile) parser_.setProfile(true);
    tree = attempt(chunk, antlr4::atn::PredictionMode::LL);
    if (options_.profile) {
      collect_profile();
      parser_.setProfile(false);
    }
    if (tree) return tree;
    if (too_deep_) return nullptr;
    report_syntax_error(chunk);
    return nullptr;
  }

  ADSLParser::FileContext* attempt(const Chunk& chunk, antlr4::atn::PredictionMode mode) {
    stream_.load(tokens_, chunk.begin, chunk.end);
    parser_.setTokenStream(&stream_);  // also frees the previous chunk's parse tree
    parser_.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(mode);
    parser_.nest_depth = 0;
    too_deep_ = false;
    try {
      return parser_.file();
    } catch (antlr4::ParseCancellationException&) {
      return nullptr;
    } catch (ADSLParser::NestingTooDeep& deep) {
      too_deep_ = true;
      if (mode == antlr4::atn::PredictionMode::LL) report_too_deep(chunk, deep.token_index);
      return nullptr;
    }
  }

  void collect_profile() {
    if (!stats_) return;
    auto* profiler = dynamic_cast<antlr4::atn::ProfilingATNSimulator*>(parser_.getInterpreter<antlr4::atn::ParserATNSimulator>());
    if (!profiler) return;
    for (const auto& info : profiler->getDecisionInfo()) {
      stats_->ll_decisions += static_cast<std::size_t>(info.LL_Fallback);
      stats_->ambiguities += info.ambiguities.size();
      stats_->context_sensitivities += info.contextSensitivities.size();
    }
  }

  void report_too_deep(const Chunk& chunk, std::size_t index) {
    const std::size_t global = std::min(chunk.begin + index, tokens_.size() - 1);
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "blocks, expressions, patterns or types may nest at most %u levels deep",
                  max_nesting);
    sink_.emit(diag::Diagnostic::make(diag::Kind::NestedTooDeeply, "code nested too deeply")
                   .primary(tokens_[global].span(), "the nesting limit is reached here")
                   .note(buffer));
  }

  /// Which token kinds could come at chunk-relative index `at` (everything before it parses).
  std::vector<TokenKind> viable_at(const Chunk& chunk, std::size_t at) {
    std::vector<TokenKind> viable;
    // Each probe re-parses the chunk up to `at`: bound the work per error and per file, so an
    // input full of errors cannot make the error path slow (the message is less precise then).
    const std::size_t cost = (at + 1) * token_kind_count;
    if (at > 20000 || cost > probe_budget_ || probes_left_ < token_kind_count) return viable;
    probe_budget_ -= cost;
    probes_left_ -= token_kind_count;
    bail_->detailed = false;
    for (std::size_t k = 0; k < static_cast<std::size_t>(TokenKind::Eof); ++k) {
      const auto kind = static_cast<TokenKind>(k);
      if (kind == TokenKind::GtJoint) continue;
      stream_.load(tokens_, chunk.begin, chunk.begin + at, antlr_type(kind));
      parser_.setTokenStream(&stream_);
      parser_.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
      parser_.nest_depth = 0;
      bool ok = false;
      try {
        parser_.file();
        ok = true;
      } catch (antlr4::ParseCancellationException&) {
        ok = bail_->offending > at;
      } catch (ADSLParser::NestingTooDeep&) {
        ok = false;
      }
      if (ok) viable.push_back(kind);
    }
    bail_->detailed = true;
    return viable;
  }

  void report_syntax_error(const Chunk& chunk) {
    const std::size_t at = bail_->offending;
    const std::size_t global = std::min(chunk.begin + at, tokens_.size() - 1);
    SyntaxErrorSite site;
    site.found = tokens_[global];
    site.previous = global > 0 ? tokens_[global - 1] : Token{0, 0, TokenKind::Eof};
    site.has_previous = global > 0;
    site.next = tokens_[std::min(global + 1, tokens_.size() - 1)];
    site.rule = bail_->rule;
    // What the parser was inside when it failed (read before probing resets the parser).
    for (antlr4::ParserRuleContext* c = bail_->context; c; c = dynamic_cast<antlr4::ParserRuleContext*>(c->parent)) {
      switch (c->getRuleIndex()) {
        case ADSLParser::RuleLetStmt: site.in_let = true; break;
        case ADSLParser::RuleMatchExpr: site.in_match = true; break;
        case ADSLParser::RuleStructItem:
          if (!site.struct_name.end) {
            if (auto* name = static_cast<ADSLParser::StructItemContext*>(c)->Ident()) {
              site.struct_name = static_cast<LiteToken*>(name->getSymbol())->span();
            }
          }
          break;
        case ADSLParser::RulePrimary:
        case ADSLParser::RulePrimaryNoBlockLike:
          if (!site.struct_name.end && c->children.size() > 1 &&
              dynamic_cast<ADSLParser::StructBodyContext*>(c->children[1])) {
            auto* path = static_cast<antlr4::ParserRuleContext*>(c->children[0]);
            site.struct_name = {static_cast<LiteToken*>(path->getStart())->begin_,
                                static_cast<LiteToken*>(path->getStop())->end_};
            site.in_struct_literal = true;
          }
          break;
        default: break;
      }
    }
    site.in_match_arms = site.rule == ADSLParser::RuleMatchExpr;
    // The item a stray `;` follows (`fn main() {};`).
    if (site.found.kind == TokenKind::Semi && site.previous.kind == TokenKind::RBrace) {
      std::size_t depth = 0;
      for (std::size_t i = global; i-- > 0;) {
        const TokenKind k = tokens_[i].kind;
        if (k == TokenKind::RBrace) ++depth;
        if (k == TokenKind::LBrace && --depth == 0) {
          for (std::size_t j = i; j-- > 0 && j + 16 > i;) {
            const TokenKind item = tokens_[j].kind;
            if (item == TokenKind::KwFn || item == TokenKind::KwStruct || item == TokenKind::KwEnum ||
                item == TokenKind::KwImpl || item == TokenKind::KwTrait || item == TokenKind::KwMod) {
              site.item_before = item;
              break;
            }
            if (item == TokenKind::RBrace || item == TokenKind::Semi) break;
          }
          break;
        }
      }
    }
    const antlr4::misc::IntervalSet expected = bail_->expected;
    std::vector<TokenKind> viable = viable_at(chunk, at);
    if (viable.empty()) {
      for (const antlr4::misc::Interval& interval : expected.getIntervals()) {
        for (ssize_t t = interval.a; t <= interval.b; ++t) {
          if (t > 0) {
            const TokenKind kind = kind_of_antlr_type(static_cast<std::size_t>(t));
            if (kind != TokenKind::Eof && kind != TokenKind::GtJoint) viable.push_back(kind);
          }
        }
      }
    }
    sink_.emit(describe_syntax_error(file_, site, viable));
  }

  const source::SourceFile& file_;
  diag::DiagSink& sink_;
  Options options_;
  ProfileStats* stats_;
  std::vector<Token> tokens_;
  ChunkTokenStream stream_;
  ADSLParser parser_;
  std::shared_ptr<RecordingBail> bail_ = std::make_shared<RecordingBail>();
  bool too_deep_ = false;
  // Tokens re-parsed by probes in this file (each probe throws, ~25 µs): about the first 50
  // errors get the exact "expected one of" list, later ones ANTLR's cheaper LL(1) set.
  std::size_t probe_budget_ = 2'000'000;
  std::size_t probes_left_ = 50 * token_kind_count;
};

}  // namespace

namespace {

/// The process-wide ANTLR DFA cache grows with every new lookahead path. Real programs settle
/// far below this many states; a long-running process fed arbitrary bytes (the fuzzer) would
/// grow without bound, so past it the cache is dropped and rebuilt on demand.
constexpr std::size_t max_dfa_states = 20'000;

std::shared_mutex& dfa_mutex() {
  static std::shared_mutex mutex;
  return mutex;
}

std::size_t dfa_states(ADSLParser& parser) {
  std::size_t total = 0;
  for (const auto& dfa : parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->decisionToDFA) {
    total += dfa.states.size();
  }
  return total;
}

/// Clears the shared DFA cache if it is over the limit. Parses share the cache, so clearing
/// waits until no other parse runs (parse() holds the mutex shared).
void bound_dfa_cache() {
  const source::SourceFile empty("<dfa>", "");
  ChunkTokenStream stream(empty);
  const std::vector<Token> tokens{{0, 0, TokenKind::Eof}};
  stream.load(tokens, 0, 0);
  ADSLParser parser(&stream);
  {
    std::shared_lock lock(dfa_mutex());
    if (dfa_states(parser) <= max_dfa_states) return;
  }
  std::unique_lock lock(dfa_mutex());
  if (dfa_states(parser) <= max_dfa_states) return;
  auto* simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  simulator->clearDFA();
  simulator->getSharedContextCache().clear();
}

}  // namespace

ast::File parse(const source::SourceFile& file, diag::DiagSink& sink, const Options& options, ProfileStats* stats) {
  ast::File result;
  bound_dfa_cache();
  std::shared_lock lock(dfa_mutex());
  ast::run_with_deep_stack([&] { result = Driver(file, sink, options, stats).run(); });
  return result;
}

ast::File parse(const source::SourceFile& file, diag::DiagSink& sink) { return parse(file, sink, Options{}, nullptr); }

std::string dump_tokens(const source::SourceFile& file, diag::DiagSink& sink) {
  std::string out;
  for (const Token& token : lex(file, sink)) {
    const source::LineCol at = file.line_col(token.begin);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, " %u:%u", at.line, at.column);
    out += token_kind_name(token.kind);
    out += buffer;
    if (token.kind != TokenKind::Eof) {
      out += ' ';
      out += file.text(token.span());
    }
    out += '\n';
  }
  return out;
}

}  // namespace asyncc::parse

namespace asyncc::parse {

std::vector<std::string> vocabulary_mismatches() {
  std::vector<std::string> out;
  const source::SourceFile empty("<vocabulary>", "");
  ChunkTokenStream stream(empty);
  const std::vector<Token> tokens{{0, 0, TokenKind::Eof}};
  stream.load(tokens, 0, 0);
  grammar::ADSLParser parser(&stream);
  const antlr4::dfa::Vocabulary& vocabulary = parser.getVocabulary();
  for (std::size_t k = 0; k < static_cast<std::size_t>(TokenKind::Eof); ++k) {
    const auto kind = static_cast<TokenKind>(k);
    const std::string antlr = vocabulary.getSymbolicName(antlr_type(kind));
    if (antlr != token_kind_name(kind)) out.push_back(std::string(token_kind_name(kind)) + " vs " + antlr);
  }
  return out;
}

}  // namespace asyncc::parse

namespace asyncc::parse {

std::size_t dfa_cache_states() {
  const source::SourceFile empty("<dfa>", "");
  ChunkTokenStream stream(empty);
  const std::vector<Token> tokens{{0, 0, TokenKind::Eof}};
  stream.load(tokens, 0, 0);
  grammar::ADSLParser parser(&stream);
  std::shared_lock lock(dfa_mutex());
  return dfa_states(parser);
}

}  // namespace asyncc::parse
