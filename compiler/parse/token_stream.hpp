// The bridge between the hand-written lexer and the ANTLR parser (internal to compiler/parse):
// a light Token implementation and a TokenStream over one chunk (a run of top-level items)
// of the lexed file. Token start/stop indices are byte offsets, not code points.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/parse/lexer.hpp"
#include "compiler/source/source_file.hpp"

namespace asyncc::parse {

/// ANTLR's token type for a lexer kind: the .tokens file numbers kinds from 1; Eof is EOF.
inline std::size_t antlr_type(TokenKind kind) {
  return kind == TokenKind::Eof ? antlr4::Token::EOF : static_cast<std::size_t>(kind) + 1;
}
/// The inverse of antlr_type.
inline TokenKind kind_of_antlr_type(std::size_t type) {
  if (type == antlr4::Token::EOF || type == 0 || type > static_cast<std::size_t>(TokenKind::Eof)) {
    return TokenKind::Eof;
  }
  return static_cast<TokenKind>(type - 1);
}

class ChunkTokenStream;

class LiteToken final : public antlr4::Token {
 public:
  LiteToken(std::size_t type, std::size_t index, std::uint32_t begin, std::uint32_t end, const ChunkTokenStream* owner)
      : type_(type), index_(index), begin_(begin), end_(end), owner_(owner) {}

  std::string getText() const override;
  std::size_t getType() const override { return type_; }
  std::size_t getLine() const override;
  std::size_t getCharPositionInLine() const override;
  std::size_t getChannel() const override { return DEFAULT_CHANNEL; }
  std::size_t getTokenIndex() const override { return index_; }
  std::size_t getStartIndex() const override { return begin_; }
  std::size_t getStopIndex() const override { return end_ - 1; }
  antlr4::TokenSource* getTokenSource() const override;
  antlr4::CharStream* getInputStream() const override { return nullptr; }
  std::string toString() const override { return getText(); }

  [[nodiscard]] source::Span span() const { return {begin_, end_}; }

  std::size_t type_;
  std::size_t index_;
  std::uint32_t begin_;
  std::uint32_t end_;
  const ChunkTokenStream* owner_;
};

/// A TokenSource only so that ANTLR's getTokenSource() calls have something to return.
class NullTokenSource final : public antlr4::TokenSource {
 public:
  explicit NullTokenSource(std::string name) : name_(std::move(name)) {}
  std::unique_ptr<antlr4::Token> nextToken() override { return nullptr; }
  std::size_t getLine() const override { return 0; }
  std::size_t getCharPositionInLine() override { return 0; }
  antlr4::CharStream* getInputStream() override { return nullptr; }
  std::string getSourceName() override { return name_; }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

 private:
  std::string name_;
};

/// The tokens of one chunk, then an EOF token placed at the next chunk's first token.
class ChunkTokenStream final : public antlr4::TokenStream {
 public:
  explicit ChunkTokenStream(const source::SourceFile& file) : file_(file), source_(file.name()) {}

  /// Loads tokens[begin, end) of the lexed file, then EOF at `eof_span`. `extra` (if not
  /// npos) is an ANTLR token type appended after the chunk tokens (for error probing),
  /// followed by a sentinel that no rule accepts.
  void load(const std::vector<Token>& tokens, std::size_t begin, std::size_t end, std::size_t extra = npos);

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  /// A token type that matches nothing in the grammar.
  static constexpr std::size_t sentinel_type = token_kind_count + 10;

  antlr4::Token* LT(ssize_t k) override;
  antlr4::Token* get(std::size_t index) const override { return const_cast<LiteToken*>(&tokens_[index]); }
  antlr4::TokenSource* getTokenSource() const override { return const_cast<NullTokenSource*>(&source_); }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;

  void consume() override;
  std::size_t LA(ssize_t i) override { return LT(i) ? LT(i)->getType() : antlr4::Token::INVALID_TYPE; }
  ssize_t mark() override { return 0; }
  void release(ssize_t) override {}
  std::size_t index() override { return p_; }
  void seek(std::size_t index) override { p_ = std::min(index, tokens_.size() - 1); }
  std::size_t size() override { return tokens_.size(); }
  std::string getSourceName() const override { return file_.name(); }

  [[nodiscard]] const source::SourceFile& file() const { return file_; }
  [[nodiscard]] const LiteToken& token(std::size_t index) const { return tokens_[index]; }
  [[nodiscard]] std::size_t token_count() const { return tokens_.size(); }

 private:
  const source::SourceFile& file_;
  NullTokenSource source_;
  std::vector<LiteToken> tokens_;
  std::size_t p_ = 0;
};

}  // namespace asyncc::parse
