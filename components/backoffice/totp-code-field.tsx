/**
 * The 6-digit code of a staff member's authenticator app (sign-in second step, turning TOTP on or off).
 * `errorId` names the alert that explains a refused code, when there is one.
 */
export function TotpCodeField({ label, errorId, autoFocus = false }: { label: string; errorId?: string; autoFocus?: boolean }) {
  return (
    <div>
      <label htmlFor="code" className="field-label">{label}</label>
      <input
        id="code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        autoFocus={autoFocus}
        className="field-input max-w-40 font-mono text-lg tracking-widest"
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
      />
    </div>
  );
}
