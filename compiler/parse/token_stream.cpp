#include "compiler/parse/token_stream.hpp"

namespace asyncc::parse {

std::string LiteToken::getText() const {
  if (type_ == EOF) return "<EOF>";
  return std::string(owner_->file().text({begin_, end_}));
}

std::size_t LiteToken::getLine() const { return owner_->file().line_col(begin_).line; }

std::size_t LiteToken::getCharPositionInLine() const { return owner_->file().line_col(begin_).column - 1; }

antlr4::TokenSource* LiteToken::getTokenSource() const { return owner_->getTokenSource(); }

void ChunkTokenStream::load(const std::vector<Token>& tokens, std::size_t begin, std::size_t end, std::size_t extra) {
  tokens_.clear();
  tokens_.reserve(end - begin + 3);
  for (std::size_t i = begin; i < end; ++i) {
    tokens_.emplace_back(antlr_type(tokens[i].kind), tokens_.size(), tokens[i].begin, tokens[i].end, this);
  }
  const Token& next = tokens[end < tokens.size() ? end : tokens.size() - 1];
  if (extra != npos) {
    tokens_.emplace_back(extra, tokens_.size(), next.begin, next.begin, this);
    tokens_.emplace_back(sentinel_type, tokens_.size(), next.begin, next.begin, this);
  }
  tokens_.emplace_back(antlr4::Token::EOF, tokens_.size(), next.begin, next.begin, this);
  p_ = 0;
}

antlr4::Token* ChunkTokenStream::LT(ssize_t k) {
  if (k == 0) return nullptr;
  if (k < 0) {
    if (static_cast<std::size_t>(-k) > p_) return nullptr;
    return &tokens_[p_ + static_cast<std::size_t>(k)];
  }
  const std::size_t i = p_ + static_cast<std::size_t>(k) - 1;
  return &tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
}

void ChunkTokenStream::consume() {
  if (p_ + 1 < tokens_.size()) ++p_;
}

std::string ChunkTokenStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a || tokens_.empty()) return {};
  const std::size_t a = static_cast<std::size_t>(interval.a);
  const std::size_t b = std::min(static_cast<std::size_t>(interval.b), tokens_.size() - 1);
  if (a > b) return {};
  return std::string(file_.text({tokens_[a].begin_, tokens_[b].end_}));
}

std::string ChunkTokenStream::getText() { return getText(antlr4::misc::Interval(0, static_cast<ssize_t>(tokens_.size()) - 1)); }

std::string ChunkTokenStream::getText(antlr4::RuleContext* ctx) { return getText(ctx->getSourceInterval()); }

std::string ChunkTokenStream::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (!start || !stop) return {};
  return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
}

}  // namespace asyncc::parse
