/** A message: text with `{name}` placeholders, or one text per plural category (`other` required). */
export type Message = string | PluralMessage;

export type PluralMessage = { readonly other: string } & Partial<
  Readonly<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>>
>;
