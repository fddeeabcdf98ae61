// Step 5: the guideline pack and the review rule. The standard Japanese pack is in place from
// the start (edited on the Guideline screen); the rule is one reviewer or two, and who reviews
// is each person's role on the roster.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { currentGuideline, getSettings, listPeople, updateSettings, type GuidelineVersion, type PersonSummary } from "../bindings";
import { toIpcError } from "../api";
import { StepNext } from "./StepNext";
import type { StepProps } from "./SetupGuide";

export function StepRules(props: StepProps) {
  const { t } = useTranslation();
  const [pack, setPack] = useState<GuidelineVersion | null>(null);
  const [two, setTwo] = useState(false);
  const [reviewers, setReviewers] = useState<PersonSummary[]>([]);
  useEffect(() => {
    void Promise.all([currentGuideline(), getSettings(), listPeople()])
      .then(([g, s, people]) => {
        setPack(g);
        setTwo(s.second_reviewer);
        setReviewers(people.filter((p) => p.active && (p.role === "reviewer" || p.role === "lead")));
      })
      .catch((e: unknown) => props.onError(toIpcError(e)));
    // Read once when the step opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const save = () =>
    void updateSettings({ second_reviewer: two })
      .then(props.next)
      .catch((e: unknown) => props.onError(toIpcError(e)));
  return (
    <div className="setup-step">
      <p>{t("setup.rules.help")}</p>
      <p className="setup-fact">{pack ? t("setup.rules.pack", { title: pack.title, version: pack.version }) : t("setup.rules.noPack")}</p>
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
