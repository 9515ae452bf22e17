// The checkbox a save that makes a rule deny more waits for (Audit → Deny, a new Deny rule, a
// wider Deny scope). Ticking it hands the preview's token to the save; the BFF refuses the save
// without a token for exactly this draft (428 IMPACT_NOT_ACKNOWLEDGED).
import { Checkbox, Field } from '@fluentui/react-components';
import type { ImpactAcknowledgement } from './impact-preview';

export interface AcknowledgeImpactProps {
  acknowledgement: ImpactAcknowledgement;
  /** The preview's token; undefined while it loads or when it failed. */
  token: string | undefined;
  wouldDeny: number | undefined;
  days: number;
}

export function AcknowledgeImpact({
  acknowledgement,
  token,
  wouldDeny,
  days,
}: AcknowledgeImpactProps) {
  const missing = acknowledgement.asked && acknowledgement.token === null;
  const count =
    wouldDeny === undefined
      ? ''
      : ` (${wouldDeny} admission${wouldDeny === 1 ? '' : 's'} in the last ${days} days)`;
  return (
    <Field
      validationState={missing ? 'error' : 'none'}
      validationMessage={
        missing ? 'This save makes the rule deny admissions: tick this to save it.' : undefined
      }
      hint={token ? undefined : 'Available once the impact preview has loaded.'}
    >
      <Checkbox
        checked={acknowledgement.token !== null}
        disabled={!token}
        onChange={(_e, data) => acknowledgement.onChange(data.checked && token ? token : null)}
        label={`I reviewed the impact: this rule will deny what it matches${count}`}
      />
    </Field>
  );
}
