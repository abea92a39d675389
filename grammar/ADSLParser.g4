// The ADSL parser grammar (LANGUAGE.md). Tokens come from the hand-written lexer in
// compiler/parse/lexer.cpp; their vocabulary (ADSLTokens.tokens) is generated from
// grammar/token_kind.def, so `'fn'` here means the token the lexer calls KwFn.
//
// The grammar is written to be SLL-clean (no ambiguity, no full-LL fallback on valid input;
// tests/unit/parse checks this with ANTLR's profiler):
//  * Binary operators and `as` are a flat list (`binExpr`); the AST builder applies Rust's
//    precedence and rejects chained comparisons. No left recursion, no precedence predicates.
//  * `return`/`break`/closures (optional or greedy operands) live only at the top of `expr`,
//    never as operands of binary operators.
//  * Rust's statement rule, exactly: a block-like expression (`if`, `match`, loops, blocks,
//    `async {}`, `unsafe {}`) at statement start ends the statement and cannot continue as a
//    binary expression, only with `.`/`?` postfixes (`blockCont`); every other expression
//    statement needs `;` unless it is the block's tail. A `;` after a block-like statement is
//    parsed as an empty statement and merged by the builder (no optional-`;` ambiguity).
//  * Struct literals are not allowed bare in `if`/`while`/`match`/`for` heads: those positions
//    use the `...NS` (no struct) rules (COMPILER.md §9).
//  * `>` directly followed by `>` or `=` is the token GtJoint, so types close two generic
//    lists with `>>` and expressions read `>>`, `>=`, `>>=` as adjacent tokens.
//  * Match arm commas are optional here; the builder enforces Rust's rule.
// Rust features outside ADSL v1 (closures, traits, generics, `use`, `mod`, lifetimes, ...)
// are parsed so that the builder can reject them with a clear message.
parser grammar ADSLParser;

options { tokenVocab = ADSLTokens; }

@parser::members {
// Thrown when expressions, blocks, patterns or types nest deeper than `nest_limit`: keeps
// the recursive descent far from the end of the stack on hostile input.
struct NestingTooDeep {
  size_t token_index;
};
size_t nest_depth = 0;
size_t nest_limit = 256;
void enter_nested() {
  if (++nest_depth > nest_limit) throw NestingTooDeep{_input->index()};
}
}

// ---------------------------------------------------------------- items

file : topItem* EOF ;

topItem : item | macroItem ;

item : outerAttr* visibility? itemKind ;

visibility : 'pub' ('(' ('crate' | 'self' | 'super') ')')? ;

outerAttr : '#' '!'? '[' attrPath attrInput? ']' ;
attrPath : Ident ('::' Ident)* ;
attrInput : '(' (attrArg (',' attrArg)* ','?)? ')' | '=' literal ;
attrArg : Ident ('=' literal)? | literal ;

itemKind
  : fnItem
  | structItem
  | enumItem
  | implItem
  | externBlock
  | constItem
  | staticItem
  | useItem
  | modItem
  | traitItem
  | typeAlias
  ;

fnItem : fnQualifiers 'fn' Ident genericParams? '(' fnParams? ')' ('->' type)? whereClause? (block | ';') ;
fnQualifiers : 'const'? 'async'? 'unsafe'? ('extern' StrLit?)? ;
fnParams : fnParam (',' fnParam)* ','? ;
fnParam : outerAttr* (selfParam | patternNoTop ':' type) ;
selfParam : ('&' Lifetime? 'mut'?)? 'self' | 'mut' 'self' (':' type)? | 'self' ':' type ;

structItem : 'struct' Ident genericParams? whereClause? ( '{' structFields? '}' | '(' tupleFields? ')' ';' | ';' ) ;
structFields : structField (',' structField)* ','? ;
structField : outerAttr* visibility? Ident ':' type ;
tupleFields : tupleField (',' tupleField)* ','? ;
tupleField : outerAttr* visibility? type ;

enumItem : 'enum' Ident genericParams? whereClause? '{' enumVariants? '}' ;
enumVariants : enumVariant (',' enumVariant)* ','? ;
enumVariant : outerAttr* Ident ( '{' structFields? '}' | '(' tupleFields? ')' | '=' expr )? ;

implItem : 'unsafe'? 'impl' genericParams? '!'? type ('for' type)? whereClause? '{' assocItem* '}' ;
assocItem : outerAttr* visibility? (fnItem | constItem | typeAlias) ;

externBlock : 'unsafe'? 'extern' StrLit? '{' externItem* '}' ;
externItem : outerAttr* visibility? (fnItem | staticItem) ;

constItem : 'const' (Ident | '_') ':' type ('=' expr)? ';' ;
staticItem : 'static' 'mut'? Ident ':' type ('=' expr)? ';' ;
useItem : 'use' ~';'* ';' ;
modItem : 'mod' Ident (';' | '{' topItem* '}') ;
traitItem : 'unsafe'? 'trait' Ident genericParams? (':' typeBounds?)? whereClause? '{' assocItem* '}' ;
typeAlias : 'type' Ident genericParams? (':' typeBounds?)? whereClause? ('=' type)? ';' ;
macroItem : Ident ('::' Ident)* '!' Ident? tokenTree ';'? ;
tokenTree : '(' tokenTreeItem* ')' | '[' tokenTreeItem* ']' | '{' tokenTreeItem* '}' ;
tokenTreeItem : ~('(' | ')' | '[' | ']' | '{' | '}') | tokenTree ;

genericParams : '<' (genericParam (',' genericParam)* ','?)? closeAngle ;
genericParam : outerAttr* ( Lifetime (':' lifetimeBounds)? | 'const' Ident ':' type | Ident (':' typeBounds?)? ('=' type)? ) ;
lifetimeBounds : Lifetime ('+' Lifetime)* '+'? ;
whereClause : 'where' (wherePredicate (',' wherePredicate)* ','?)? ;
wherePredicate : Lifetime ':' lifetimeBounds | type ':' typeBounds? ;
typeBounds : typeBound ('+' typeBound)* '+'? ;
// `Fn(A) -> B` sugar is parsed only so that it can be rejected clearly.
typeBound : Lifetime | '?'? typePath ('(' (type (',' type)* ','?)? ')' ('->' type)?)? | '(' '?'? typePath ')' ;
closeAngle : '>' | GtJoint ;

// ---------------------------------------------------------------- types

type
@init { enter_nested(); }
  : typePath
  | '(' (type (',' (type (',' type)* ','?)?)?)? ')'
  | '&' Lifetime? 'mut'? type
  | '&&' Lifetime? 'mut'? type
  | 'impl' typeBounds
  | 'dyn' typeBounds
  | '[' type (';' expr)? ']'
  | '*' ('const' | 'mut') type
  | 'fn' '(' (type (',' type)* ','?)? ')' ('->' type)?
  | '_'
  | '!'
  ;
finally { --nest_depth; }
typePath : '::'? typePathSegment ('::' typePathSegment)* ;
typePathSegment : pathIdent ('::'? genericArgs)? ;
genericArgs : '<' (genericArg (',' genericArg)* ','?)? closeAngle ;
genericArg : Lifetime | Ident '=' type | type | literal | '-' literal | block ;
pathIdent : Ident | 'self' | 'Self' | 'super' | 'crate' ;

// ---------------------------------------------------------------- statements

block
@init { enter_nested(); }
  : '{' stmt* stmtExpr? '}' ;
finally { --nest_depth; }

stmt
  : ';'
  | letStmt
  | item
  | blockLikeExpr blockCont?
  | stmtExpr ';'
  ;

letStmt : 'let' pattern (':' type)? ('=' expr)? ';' ;

// An expression statement or tail that does not start with a block-like expression.
stmtExpr
  : jumpExpr
  | closureExpr
  | rangeOp binExpr?
  | (prefixOp+ primary | primaryNoBlockLike) postfixOps binTail (rangeOp binExpr?)? (assignOp expr)?
  ;

// After a block-like expression at statement start (or as a match arm), only `.` and `?`
// postfixes continue it (Rust); it must end in a method call, `.await`, `?` or tuple index
// (a trailing `.field` would make `.f (x)` ambiguous with a following statement).
blockCont : (dotOp | fieldAccess+ dotOp)+ ;
dotOp : methodCall | '?' | '.' 'await' | '.' IntLit | '.' FloatLit ;

// ---------------------------------------------------------------- expressions

expr
@init { enter_nested(); }
  : jumpExpr
  | closureExpr
  | rangeOp binExpr?
  | binExpr (rangeOp binExpr?)? (assignOp expr)?
  ;
finally { --nest_depth; }

jumpExpr
  : 'return' expr?
  | 'break' Lifetime? expr?
  | 'continue' Lifetime?
  ;

closureExpr : 'async'? 'move'? ('||' | '|' (closureParam (',' closureParam)* ','?)? '|') ('->' type block | expr) ;
closureParam : outerAttr* patternNoTop (':' type)? ;

binExpr : unaryExpr binTail ;
binTail : (binOp unaryExpr | 'as' asType)* ;
unaryExpr : prefixOp* primary postfixOps ;
// Casts only name primitive types; a generic `<` after `as T` is a comparison-shaped error.
asType : pathIdent ('::' pathIdent)* ;

prefixOp : '-' | '!' | '*' | '&' 'mut'? | '&&' 'mut'? ;
rangeOp : '..' | '..=' | '...' ;
binOp
  : '*' | '/' | '%' | '+' | '-' | '<<' | GtJoint '>' | '&' | '^' | '|'
  | '==' | '!=' | '<' | '<=' | '>' | GtJoint '=' | '&&' | '||'
  ;
assignOp
  : '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '^=' | '&=' | '|=' | '<<=' | GtJoint GtJoint '='
  ;

// Postfix operators. A call cannot directly follow a field access (`x.f(1)` is a method
// call; Rust needs `(x.f)(1)`), which keeps method calls unambiguous.
postfixOps : (postfixOp | fieldAccess+ postfixNoCall)* fieldAccess* ;
postfixOp : '(' callArgs? ')' | postfixNoCall ;
postfixNoCall : methodCall | '?' | '.' 'await' | '.' IntLit | '.' FloatLit | '[' expr ']' ;
methodCall : '.' Ident ('::' genericArgs)? '(' callArgs? ')' ;
fieldAccess : '.' Ident ;
callArgs : expr (',' expr)* ','? ;

atom : literal | macroCall | parenExpr | arrayExpr ;
primary : atom | pathExpr structBody? | blockLikeExpr ;
primaryNoBlockLike : atom | pathExpr structBody? ;

literal : IntLit | FloatLit | StrLit | RawStrLit | CharLit | 'true' | 'false' ;

pathExpr : '::'? pathExprSegment ('::' pathExprSegment)* ;
pathExprSegment : pathIdent ('::' genericArgs)? ;

structBody : '{' (structLitField (',' structLitField)* (',' ('..' expr)?)? | '..' expr)? '}' ;
structLitField : Ident (':' expr)? | IntLit ':' expr ;

parenExpr : '(' (expr (',' (expr (',' expr)* ','?)?)?)? ')' ;
arrayExpr : '[' (expr (';' expr | (',' expr)* ','?))? ']' ;

macroCall : Ident '!' ( '(' macroArgs? ')' | '[' macroArgs? ']' | '{' macroArgs? '}' ) ;
macroArgs : expr (';' expr | (',' expr)* ','?) ;

blockLikeExpr : block | blockLikeNoBrace ;
blockLikeNoBrace
  : 'unsafe' block
  | 'async' 'move'? block
  | ifExpr
  | matchExpr
  | Lifetime ':' (block | loopExpr | whileExpr | forExpr)
  | loopExpr
  | whileExpr
  | forExpr
  ;

ifExpr : 'if' cond block ('else' 'if' cond block)* ('else' block)? ;
cond : 'let' pattern '=' exprNS | exprNS ;
loopExpr : 'loop' block ;
whileExpr : 'while' cond block ;
forExpr : 'for' pattern 'in' exprNS block ;
// Rust's comma rule: a block-like arm body may omit the comma; any other body needs one
// unless it is the last arm.
matchExpr : 'match' exprNS '{' matchArm* lastArm? '}' ;
matchArm : armHead (blockLikeExpr blockCont? ','? | stmtExpr ',') ;
lastArm : armHead stmtExpr ;
armHead : outerAttr* pattern ('if' expr)? '=>' ;

// The no-struct-literal expressions of `if`/`while`/`match`/`for` heads.
exprNS : binExprNS (rangeOp rangeRhsNS?)? | rangeOp rangeRhsNS? ;
binExprNS : unaryExprNS binTailNS ;
binTailNS : (binOp unaryExprNS | 'as' asType)* ;
unaryExprNS : prefixOp* primaryNS postfixOps ;
primaryNS : atom | pathExpr | blockLikeExpr ;
// After `..` in a head, `{` opens the body, not the range's end (`for i in 0.. {`).
rangeRhsNS : (prefixOp+ primaryNS | atom | pathExpr | blockLikeNoBrace) postfixOps binTailNS ;

// ---------------------------------------------------------------- patterns

pattern
@init { enter_nested(); }
  : '|'? patternNoTop ('|' patternNoTop)* ;
finally { --nest_depth; }

patternNoTop
  : patLiteral (rangeOp patLiteral?)?
  | '_'
  | 'ref'? 'mut' Ident ('@' patternNoTop)?
  | 'ref' Ident ('@' patternNoTop)?
  | pathExpr ( '(' patList? ')' | '{' patFields? '}' | '@' patternNoTop | rangeOp patRangeEnd? )?
  | '(' patList? ')'
  | '[' patList? ']'
  | '&' 'mut'? patternNoTop
  | '&&' 'mut'? patternNoTop
  | '..=' patRangeEnd
  ;
patRangeEnd : patLiteral | pathExpr ;
patLiteral : '-'? (IntLit | FloatLit) | StrLit | RawStrLit | CharLit | 'true' | 'false' ;
patList : patElem (',' patElem)* ','? ;
patElem : pattern | '..' ;
patFields : patField (',' patField)* (',' '..'?)? | '..' ;
patField : outerAttr* (Ident ':' pattern | IntLit ':' pattern | 'ref'? 'mut'? Ident) ;
