/**
 * Movie ids are URL slugs such as `the+godfather+1972`, `monsters_+inc.+2001`,
 * `m*a*s*h+1970`, `10th++wolf+2006` or `human+failure+`. A slug may carry the
 * punctuation titles keep, but never a separator of the line formats
 * (`,` `/` `=` whitespace), and must hold at least one letter or digit.
 */
const MAX_MOVIE_ID_LENGTH = 200;

function slugCharClass(code: number): 0 | 1 | 2 {
  // 2: letter or digit, 1: allowed punctuation, 0: not allowed
  if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return 2;
  switch (code) {
    case 43: // +
    case 95: // _
    case 46: // .
    case 45: // -
    case 42: // *
    case 39: // '
    case 38: // &
    case 33: // !
    case 58: // :
    case 63: // ?
    case 40: // (
    case 41: // )
    case 36: // $
    case 37: // % (percent-encoded characters)
    case 64: // @
    case 35: // #
    case 126: // ~
    case 59: // ;
      return 1;
    default:
      return 0;
  }
}

/** True when `id` is a well-formed movie slug. */
export function isMovieId(id: string): boolean {
  if (id.length === 0 || id.length > MAX_MOVIE_ID_LENGTH) return false;
  let alphanumeric = false;
  for (let i = 0; i < id.length; i++) {
    const cls = slugCharClass(id.charCodeAt(i));
    if (cls === 0) return false;
    if (cls === 2) alphanumeric = true;
  }
  return alphanumeric;
}
