/** The budgets, each a ratio or a size so that a noisy machine still gives a fair verdict. */
export interface BudgetCheck {
  name: string;
  measured: string;
  budget: string;
  met: boolean;
}

export function check(name: string, measured: number, limit: number, format: (value: number) => string, atLeast = false): BudgetCheck {
  return {
    name,
    measured: format(measured),
    budget: `${atLeast ? '≥' : '≤'} ${format(limit)}`,
    met: atLeast ? measured >= limit : measured <= limit,
  };
}
