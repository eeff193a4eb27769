/*
 * Tributary's grammar of the ksqlDB SQL dialect, written from the documented language
 * (ksqlDB's statement reference and ../shared/specs/ksqldb-behaviour.md §6).
 * Keywords are case-insensitive; unquoted identifiers are upper-cased by the AST builder.
 */
grammar KsqlDialect;

options { caseInsensitive = true; }

// ---------------------------------------------------------------------------------------------- statements

singleStatement
    : statement SEMICOLON? EOF
    ;

statement
    : (LIST | SHOW) STREAMS EXTENDED?                                                     # listStreams
    | (LIST | SHOW) TABLES EXTENDED?                                                      # listTables
    | (LIST | SHOW) ALL? TOPICS EXTENDED?                                                 # listTopics
    | (LIST | SHOW) QUERIES EXTENDED?                                                     # listQueries
    | (LIST | SHOW) PROPERTIES                                                            # listProperties
    | (LIST | SHOW) FUNCTIONS                                                             # listFunctions
    | (LIST | SHOW) VARIABLES                                                             # listVariables
    | DESCRIBE FUNCTION identifier                                                        # describeFunction
    | DESCRIBE (STREAMS | TABLES) EXTENDED?                                               # describeSources
    | DESCRIBE sourceName EXTENDED?                                                       # describeSource
    | EXPLAIN (statement | identifier)                                                    # explain
    | CREATE (OR REPLACE)? SOURCE? kind=(STREAM | TABLE) (IF NOT EXISTS)? sourceName
          tableElements? withProperties?                                                  # createSource
    | CREATE (OR REPLACE)? kind=(STREAM | TABLE) (IF NOT EXISTS)? sourceName
          withProperties? AS query                                                        # createAsSelect
    | INSERT INTO sourceName withProperties? query                                        # insertInto
    | INSERT INTO sourceName columnList? VALUES
          LPAREN (expression (COMMA expression)*)? RPAREN                                 # insertValues
    | DROP kind=(STREAM | TABLE) (IF EXISTS)? sourceName (DELETE TOPIC)?                  # dropSource
    | TERMINATE (ALL | identifier)                                                        # terminate
    | SET name=STRING EQ value=STRING                                                     # setProperty
    | UNSET name=STRING                                                                   # unsetProperty
    | DEFINE identifier EQ STRING                                                         # defineVariable
    | UNDEFINE identifier                                                                 # undefineVariable
    | query                                                                               # select
    ;

query
    : SELECT selectItem (COMMA selectItem)*
      // FROM is optional for SQL++ clients of /query/service (SELECT 1 AS one); ksqlDB's endpoints require it
      (FROM relation joinClause*
      (WINDOW windowExpression)?)?
      (WHERE where=expression)?
      (GROUP BY groupBy+=expression (COMMA groupBy+=expression)*)?
      (PARTITION BY partitionBy+=expression (COMMA partitionBy+=expression)*)?
      (HAVING having=expression)?
      (EMIT emit=(CHANGES | FINAL))?
      (LIMIT limit=INTEGER_VALUE)?
    ;

selectItem
    : ASTERISK                                                                            # selectAll
    | identifier DOT ASTERISK                                                             # selectAllOf
    | expression (AS? identifier)?                                                        # selectExpression
    ;

relation
    : sourceName (AS? alias=identifier)?
    ;

joinClause
    : joinType? JOIN relation withinClause? ON expression
    ;

joinType
    : INNER | LEFT OUTER? | RIGHT OUTER? | FULL OUTER?
    ;

withinClause
    : WITHIN (before=duration | LPAREN before=duration COMMA after=duration RPAREN) (GRACE PERIOD grace=duration)?
    ;

windowExpression
    : kind=(TUMBLING | HOPPING | SESSION) LPAREN (duration | windowParameter) (COMMA windowParameter)* RPAREN
    ;

windowParameter
    : SIZE duration                                                                       # windowSize
    | ADVANCE BY duration                                                                 # windowAdvance
    | RETENTION duration                                                                  # windowRetention
    | GRACE PERIOD duration                                                               # windowGrace
    ;

duration
    : INTEGER_VALUE identifier
    ;

columnList
    : LPAREN identifier (COMMA identifier)* RPAREN
    ;

tableElements
    : LPAREN tableElement (COMMA tableElement)* RPAREN
    ;

tableElement
    : identifier type columnConstraint?
    ;

columnConstraint
    : KEY                                                                                 # keyConstraint
    | PRIMARY KEY                                                                         # primaryKeyConstraint
    | HEADERS                                                                             # headersConstraint
    | HEADER LPAREN STRING RPAREN                                                         # headerConstraint
    ;

withProperties
    : WITH LPAREN property (COMMA property)* RPAREN
    ;

property
    : identifier EQ literal
    ;

sourceName
    : identifier
    ;

// ---------------------------------------------------------------------------------------------- expressions

expression
    : booleanExpression
    ;

booleanExpression
    : valueExpression predicate?                                                          # predicated
    | NOT booleanExpression                                                               # logicalNot
    | left=booleanExpression AND right=booleanExpression                                  # logicalAnd
    | left=booleanExpression OR right=booleanExpression                                   # logicalOr
    ;

predicate
    : comparisonOperator right=valueExpression                                            # comparison
    | NOT? BETWEEN lower=valueExpression AND upper=valueExpression                        # between
    | NOT? IN LPAREN expression (COMMA expression)* RPAREN                                 # inList
    | NOT? LIKE pattern=valueExpression (ESCAPE escape=STRING)?                           # like
    | IS NOT? NULL                                                                        # nullPredicate
    | IS NOT? DISTINCT FROM right=valueExpression                                         # distinctFrom
    ;

valueExpression
    : primaryExpression                                                                   # valueDefault
    | op=(MINUS | PLUS) valueExpression                                                   # arithmeticUnary
    | left=valueExpression op=(ASTERISK | SLASH | PERCENT) right=valueExpression          # arithmeticBinary
    | left=valueExpression op=(PLUS | MINUS) right=valueExpression                        # arithmeticBinary
    | left=valueExpression CONCAT right=valueExpression                                   # concatenation
    ;

primaryExpression
    : literal                                                                             # literalExpression
    | CASE operand=valueExpression whenClause+ (ELSE otherwise=expression)? END           # simpleCase
    | CASE whenClause+ (ELSE otherwise=expression)? END                                   # searchedCase
    | CAST LPAREN expression AS type RPAREN                                               # cast
    | ARRAY LBRACKET (expression (COMMA expression)*)? RBRACKET                           # arrayConstructor
    | MAP LPAREN (mapEntry (COMMA mapEntry)*)? RPAREN                                     # mapConstructor
    | STRUCT LPAREN (structField (COMMA structField)*)? RPAREN                            # structConstructor
    | identifier LPAREN ASTERISK RPAREN                                                   # functionCallStar
    | identifier LPAREN (functionArgument (COMMA functionArgument)*)? RPAREN              # functionCall
    | source=identifier DOT column=identifier                                             # qualifiedColumn
    | identifier                                                                          # columnReference
    | base=primaryExpression LBRACKET index=valueExpression RBRACKET                      # subscript
    | base=primaryExpression ARROW field=identifier                                       # dereference
    | LPAREN expression RPAREN                                                            # parenthesized
    ;

// a lambda is only an argument of a function (TRANSFORM, FILTER, REDUCE); the compiler says which accept one
functionArgument
    : lambda
    | expression
    ;

lambda
    : identifier LAMBDA_ARROW body=expression                                             # singleParameterLambda
    | LPAREN identifier (COMMA identifier)* RPAREN LAMBDA_ARROW body=expression           # lambdaFunction
    ;

whenClause
    : WHEN condition=expression THEN result=expression
    ;

mapEntry
    : key=expression ASSIGN value=expression
    ;

structField
    : identifier ASSIGN expression
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

literal
    : NULL                                                                                # nullLiteral
    | (TRUE | FALSE)                                                                      # booleanLiteral
    | MINUS? INTEGER_VALUE                                                                # integerLiteral
    | MINUS? DECIMAL_VALUE                                                                # decimalLiteral
    | MINUS? FLOATING_POINT_VALUE                                                         # floatingLiteral
    | STRING                                                                              # stringLiteral
    ;

type
    : ARRAY LT type GT                                                                    # arrayType
    | MAP LT keyType=type COMMA valueType=type GT                                         # mapType
    | STRUCT LT (structTypeField (COMMA structTypeField)*)? GT                            # structType
    | DECIMAL LPAREN precision=INTEGER_VALUE COMMA scale=INTEGER_VALUE RPAREN             # decimalType
    | identifier                                                                          # namedType
    ;

structTypeField
    : identifier type
    ;

identifier
    : IDENTIFIER                                                                          # unquotedIdentifier
    | DIGIT_IDENTIFIER                                                                    # unquotedIdentifier
    | BACKQUOTED_IDENTIFIER                                                               # backQuotedIdentifier
    | QUOTED_IDENTIFIER                                                                   # quotedIdentifier
    | nonReserved                                                                         # keywordIdentifier
    ;

// keywords that may also name a column, a source, a property or a type
nonReserved
    : SHOW | LIST | STREAMS | TABLES | TOPICS | QUERIES | PROPERTIES | FUNCTIONS | VARIABLES | EXTENDED | ALL
    | FUNCTION | SOURCE | REPLACE | TOPIC | KEY | PRIMARY | HEADERS | HEADER | CHANGES | FINAL | DEFINE
    | UNDEFINE | SET | UNSET | TERMINATE | EXPLAIN | DESCRIBE | DELETE | VALUES | EMIT | LIMIT | ESCAPE
    | DECIMAL | STRING_TYPE | INTEGER_TYPE | DATE | TIME | TIMESTAMP | BYTES | BOOLEAN_TYPE | INT_TYPE
    | BIGINT | DOUBLE_TYPE | VARCHAR | PARTITION | DISTINCT | STREAM | TABLE
    | TUMBLING | HOPPING | SESSION | SIZE | ADVANCE | RETENTION | GRACE | PERIOD
    ;

// ---------------------------------------------------------------------------------------------- lexer

SELECT : 'SELECT'; FROM : 'FROM'; WHERE : 'WHERE'; AS : 'AS'; GROUP : 'GROUP'; BY : 'BY';
PARTITION : 'PARTITION'; HAVING : 'HAVING'; EMIT : 'EMIT'; CHANGES : 'CHANGES'; FINAL : 'FINAL';
LIMIT : 'LIMIT'; CREATE : 'CREATE'; OR : 'OR'; REPLACE : 'REPLACE'; SOURCE : 'SOURCE'; STREAM : 'STREAM';
TABLE : 'TABLE'; STREAMS : 'STREAMS'; TABLES : 'TABLES'; TOPICS : 'TOPICS'; TOPIC : 'TOPIC';
QUERIES : 'QUERIES'; PROPERTIES : 'PROPERTIES'; FUNCTIONS : 'FUNCTIONS'; FUNCTION : 'FUNCTION';
VARIABLES : 'VARIABLES'; EXTENDED : 'EXTENDED'; ALL : 'ALL'; LIST : 'LIST'; SHOW : 'SHOW';
DESCRIBE : 'DESCRIBE'; EXPLAIN : 'EXPLAIN'; IF : 'IF'; NOT : 'NOT'; EXISTS : 'EXISTS'; WITH : 'WITH';
INSERT : 'INSERT'; INTO : 'INTO'; VALUES : 'VALUES'; DROP : 'DROP'; DELETE : 'DELETE';
TERMINATE : 'TERMINATE'; SET : 'SET'; UNSET : 'UNSET'; DEFINE : 'DEFINE'; UNDEFINE : 'UNDEFINE';
KEY : 'KEY'; PRIMARY : 'PRIMARY'; HEADERS : 'HEADERS'; HEADER : 'HEADER'; AND : 'AND';
BETWEEN : 'BETWEEN'; IN : 'IN'; LIKE : 'LIKE'; ESCAPE : 'ESCAPE'; IS : 'IS'; NULL : 'NULL';
DISTINCT : 'DISTINCT'; TRUE : 'TRUE'; FALSE : 'FALSE'; CASE : 'CASE'; WHEN : 'WHEN'; THEN : 'THEN';
ELSE : 'ELSE'; END : 'END'; CAST : 'CAST'; ARRAY : 'ARRAY'; MAP : 'MAP'; STRUCT : 'STRUCT';
DECIMAL : 'DECIMAL'; STRING_TYPE : 'STRING'; INTEGER_TYPE : 'INTEGER'; INT_TYPE : 'INT';
BIGINT : 'BIGINT'; DOUBLE_TYPE : 'DOUBLE'; BOOLEAN_TYPE : 'BOOLEAN'; VARCHAR : 'VARCHAR';
BYTES : 'BYTES'; DATE : 'DATE'; TIME : 'TIME'; TIMESTAMP : 'TIMESTAMP';
JOIN : 'JOIN'; INNER : 'INNER'; LEFT : 'LEFT'; RIGHT : 'RIGHT'; FULL : 'FULL'; OUTER : 'OUTER'; ON : 'ON';
WITHIN : 'WITHIN'; WINDOW : 'WINDOW'; TUMBLING : 'TUMBLING'; HOPPING : 'HOPPING'; SESSION : 'SESSION';
SIZE : 'SIZE'; ADVANCE : 'ADVANCE'; RETENTION : 'RETENTION'; GRACE : 'GRACE'; PERIOD : 'PERIOD';

EQ : '='; NEQ : '<>' | '!='; LT : '<'; LTE : '<='; GT : '>'; GTE : '>=';
PLUS : '+'; MINUS : '-'; ASTERISK : '*'; SLASH : '/'; PERCENT : '%'; CONCAT : '||';
ASSIGN : ':='; ARROW : '->'; LAMBDA_ARROW : '=>'; DOT : '.'; COMMA : ','; SEMICOLON : ';';
LPAREN : '('; RPAREN : ')'; LBRACKET : '['; RBRACKET : ']';

STRING : '\'' ( ~'\'' | '\'\'' )* '\'';

INTEGER_VALUE : DIGIT+;
DECIMAL_VALUE : DIGIT+ '.' DIGIT* | '.' DIGIT+;
FLOATING_POINT_VALUE : DIGIT+ ('.' DIGIT*)? EXPONENT | '.' DIGIT+ EXPONENT;

IDENTIFIER : (LETTER | '_') (LETTER | DIGIT | '_' | '@')*;
// an identifier may start with a digit (an alias such as 1R); numbers win when both match the same text
DIGIT_IDENTIFIER : DIGIT (LETTER | DIGIT | '_' | '@')+;
BACKQUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`';
QUOTED_IDENTIFIER : '"' ( ~'"' | '""' )* '"';

// ${name}: substituted before a statement is parsed; kept as one token so statements still split on ';'
VARIABLE : '${' (LETTER | '_') (LETTER | DIGIT | '_')* '}';

fragment EXPONENT : 'E' [+-]? DIGIT+;
fragment DIGIT : [0-9];
fragment LETTER : [A-Z];

LINE_COMMENT : '--' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
WS : [ \t\r\n]+ -> channel(HIDDEN);

// anything else is a token of its own so the parser, not the lexer, reports it with its position
UNRECOGNIZED : .;
