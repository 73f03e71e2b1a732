/** Pure helpers for forms: turning server errors into field errors, shaping form values for the API. */
import { ApiError, fieldErrorsFrom, type FormFieldError } from './api';

/**
 * A `validation.phone` error names the bad number only inside its message ("电话号码格式不正确：12").
 * Find which list entry it is: the longest entry the message ends with, so "12" does not claim
 * an error about "0212".
 */
export function phoneIndexFromMessage(message: string, phones: readonly (string | undefined)[]): number {
  let best = -1;
  let bestLen = 0;
  phones.forEach((p, i) => {
    const v = (p ?? '').trim();
    if (v && message.trimEnd().endsWith(v) && v.length > bestLen) {
      best = i;
      bestLen = v.length;
    }
  });
  return best;
}

/**
 * Field errors for a form with a list of phone inputs (`phones: string[]`): a phone error goes
 * on the offending entry, anything else as fieldErrorsFrom decides.
 */
export function partyFormErrors(err: unknown, formFields: readonly string[], phones: readonly (string | undefined)[]): { fields: FormFieldError[]; rest: string[] } {
  if (err instanceof ApiError && err.code === 'validation.phone') {
    const i = phoneIndexFromMessage(err.message, phones);
    return { fields: [{ name: ['phones', i >= 0 ? i : 0], errors: [err.message] }], rest: [] };
  }
  return fieldErrorsFrom(err, formFields);
}

/** Empty inputs mean "not given" to the API, not "". */
export function blankToNull(v: string | null | undefined): string | null {
  const s = (v ?? '').trim();
  return s ? s : null;
}

/** Non-empty, trimmed, de-duplicated entries of a list of inputs. */
export function cleanList(values: readonly (string | null | undefined)[] | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    const s = (v ?? '').trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}
