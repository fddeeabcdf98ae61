// The button that ends a step of the setup guide (saving what the step holds, then on).
export function StepNext(props: { label: string; onClick: () => void; disabled?: boolean }) {
  return (
    <div className="actions">
      <button type="button" className="primary" disabled={props.disabled} onClick={props.onClick}>
        {props.label}
      </button>
    </div>
  );
}
