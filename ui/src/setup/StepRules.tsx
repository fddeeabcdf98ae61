// Step 5: the guideline pack, the company's products and the review rule. The standard
// Japanese pack is in place from the start (edited on the Guideline screen); the product list
// is filled here (or explicitly declared unused), so the disclosure check knows a product post
// from the first day; the rule is one reviewer or two, and who reviews is each person's role.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { currentGuideline, getSettings, listPeople, products as listProducts, setProducts, updateSettings, type GuidelineVersion, type PersonSummary } from "../bindings";
import { toIpcError } from "../api";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";

export function StepRules(props: StepProps) {
  const { t } = useTranslation();
  const [pack, setPack] = useState<GuidelineVersion | null>(null);
  const [two, setTwo] = useState(false);
  const [reviewers, setReviewers] = useState<PersonSummary[]>([]);
  const [names, setNames] = useState("");
  const [none, setNone] = useState(false);
  const [missing, setMissing] = useState(false);
  const productsId = useId();
  useEffect(() => {
    void Promise.all([currentGuideline(), getSettings(), listPeople(), listProducts()])
      .then(([g, s, people, known]) => {
        setPack(g);
        setNames(known.join("\n"));
        setTwo(s.second_reviewer);
        setReviewers(people.filter((p) => p.active && (p.role === "reviewer" || p.role === "lead")));
      })
      .catch((e: unknown) => props.onError(toIpcError(e)));
    // Read once when the step opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const lines = names.split("\n").map((n) => n.trim()).filter((n) => n.length > 0);
  const save = () => {
    if (!none && lines.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void (none ? Promise.resolve([]) : setProducts(lines))
      .then(() => updateSettings({ second_reviewer: two }))
      .then(props.next)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  };
  return (
    <div className="setup-step">
      <p>{t("setup.rules.help")}</p>
      <p className="setup-fact">{pack ? t("setup.rules.pack", { title: pack.title, version: pack.version }) : t("setup.rules.noPack")}</p>
      <div className="field">
        <label htmlFor={productsId}>{t("setup.rules.products")}</label>
        <textarea id={productsId} rows={4} value={names} disabled={none} onChange={(e) => {
            setNames(e.target.value);
            setMissing(false);
          }} />
        <p className="muted small">{t("setup.rules.productsHelp")}</p>
        <label className="chip-check">
          <input type="checkbox" checked={none} onChange={(e) => {
              setNone(e.target.checked);
              setMissing(false);
            }} />
          {t("setup.rules.noProducts")}
        </label>
        {missing && (
          <p className="field-error" role="alert">
            {t("setup.rules.productsNeeded")}
          </p>
        )}
      </div>
      <fieldset>
        <legend>{t("setup.rules.rule")}</legend>
        <label className="chip-check">
          <input type="radio" name="review-rule" checked={!two} onChange={() => setTwo(false)} />
          {t("setup.rules.one")}
        </label>
        <label className="chip-check">
          <input type="radio" name="review-rule" checked={two} onChange={() => setTwo(true)} />
          {t("setup.rules.two")}
        </label>
      </fieldset>
      <p>{reviewers.length > 0 ? t("setup.rules.reviewers", { names: reviewers.map((p) => p.name).join("、") }) : t("setup.rules.noReviewers")}</p>
      <p className="muted small">{t("setup.rules.roleHint")}</p>
      <StepNext label={t("setup.saveNext")} onClick={save} />
    </div>
  );
}
