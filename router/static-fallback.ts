/**
 * The last-resort answer, for a router that has never reached a database holding a model
 * or watch events (a fresh system): the most-watched movies of the sample movielog stream.
 */
export const STATIC_FALLBACK: readonly string[] = [
  "inception+2010",
  "the+shawshank+redemption+1994",
  "interstellar+2014",
  "the+lord+of+the+rings+the+fellowship+of+the+ring+2001",
  "the+lord+of+the+rings+the+two+towers+2002",
  "the+lord+of+the+rings+the+return+of+the+king+2003",
  "forrest+gump+1994",
  "seven+samurai+1954",
  "the+godfather+1972",
  "spirited+away+2001",
  "the+dark+knight+2008",
  "pulp+fiction+1994",
  "pirates+of+the+caribbean+the+curse+of+the+black+pearl+2003",
  "the+green+mile+1999",
  "howls+moving+castle+2004",
  "saving+private+ryan+1998",
  "princess+mononoke+1997",
  "one+flew+over+the+cuckoos+nest+1975",
  "harry+potter+and+the+deathly+hallows+part+2+2011",
  "the+avengers+2012",
];
