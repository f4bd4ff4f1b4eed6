/* Self-grading for the quiz forms baikonur/quiz_static.py writes into the static book: the rules
   and feedback of baikonur/quiz_grading.py (tests/fixtures/grading_cases.json runs both), answers
   kept per page and quiz in localStorage, bank text only ever set as text, no network request. */
(() => {
  "use strict";
  const result = (answered, correct, credit, feedback) => ({ answered, correct, credit, feedback });
  const CORRECT = result(true, true, 1, "Correct.");
  const unanswered = (feedback) => result(false, false, 0, feedback);
  const count = (number, noun) => `${number} ${noun}${number === 1 ? "" : "s"}`;
  const partial = (credit, detail) => result(true, false, credit, `${credit > 0 ? "Partly right" : "Not quite"}: ${detail}`);
  const hint = (spec, id) => (spec.feedback && Object.hasOwn(spec.feedback, id) ? [spec.feedback[id]] : []);

  const graders = {
    single(spec, chosen) {
      if (!chosen) return unanswered("Choose an answer first.");
      return chosen === spec.answer ? CORRECT : result(true, false, 0, ["Not quite.", ...hint(spec, chosen)].join(" "));
    },
    multiple(spec, response) {
      const chosen = new Set(response), answer = spec.answer;
      if (!chosen.size) return unanswered("Choose at least one answer first.");
      const hits = answer.filter((id) => chosen.has(id)).length;
      if (hits === answer.length && chosen.size === hits) return CORRECT;
      const wrong = spec.options.filter((id) => chosen.has(id) && !answer.includes(id));
      const detail = `you chose ${hits} of the ${count(answer.length, "correct option")}`
        + (wrong.length ? ` and ${count(wrong.length, "wrong option")}.` : ".");
      const credit = Math.max(0, (hits - wrong.length) / answer.length);
      return partial(credit, [detail, ...wrong.flatMap((id) => hint(spec, id))].join(" "));
    },
    numeric({ answer, tolerance }, given) {
      if (typeof given !== "number" || !isFinite(given)) return unanswered("Enter a number first.");
      if (Math.abs(given - answer) <= tolerance + 1e-9 * Math.max(1, Math.abs(answer))) return CORRECT;
      return result(true, false, 0, `Not quite: too ${given > answer ? "high" : "low"}.`);
    },
    ordering({ answer }, response) {
      const given = response || [];
      const placed = answer.filter((id, index) => given[index] === id).length;
      if (String([...given].sort()) !== String([...answer].sort())) return unanswered("Put every item in order first.");
      if (placed === answer.length) return CORRECT;
      return partial(placed / answer.length, `${placed} of ${count(answer.length, "item")} in the right place.`);
    },
  };
  const grade = (spec, response) => graders[spec.type](spec, response);

  const make = (tag, className, textContent = "") => Object.assign(document.createElement(tag), { className, textContent });

  function setUpQuestion(form, spec) {
    const list = form.querySelector(".bq-order");
    const inputs = [...form.querySelectorAll("input")];
    const details = form.querySelector("details");
    const explanation = details.querySelector(".bq-ex");
    const region = make("p", "bq-fb");
    region.setAttribute("aria-live", "polite");
    explanation.hidden = true;
    details.replaceWith(make("button", "bq-check", "Check"), region, explanation);

    const say = (text, state = "") => {
      region.className = `bq-fb ${state}`;
      const repeated = text && region.textContent === text; // cleared first, or it would not be announced again
      region.textContent = repeated ? "" : text;
      if (repeated) setTimeout(() => { region.textContent = text; }, 100);
    };
    const items = () => [...list.children];
    const updateButtons = () => items().forEach((item, index, all) => {
      const [up, down] = item.querySelectorAll("button");
      up.disabled = index === 0;
      down.disabled = index === all.length - 1;
    });
    const response = () => {
      if (list) return items().map((item) => item.dataset.item);
      if (spec.type === "numeric") return inputs[0].value.trim() ? Number(inputs[0].value) : null;
      const chosen = inputs.filter((input) => input.checked).map((input) => input.value);
      return spec.type === "single" ? chosen[0] || null : chosen;
    };
    const setResponse = (value) => {
      if (list) {
        const byId = new Map(items().map((item) => [item.dataset.item, item]));
        value.forEach((id) => byId.has(id) && list.append(byId.get(id)));
        updateButtons();
      } else if (spec.type === "numeric") {
        inputs[0].value = value ?? "";
      } else {
        inputs.forEach((input) => { input.checked = [].concat(value).includes(input.value); });
      }
    };

    if (list) {
      for (const item of items()) {
        for (const direction of ["Up", "Down"]) {
          const button = make("button", "bq-move", direction);
          button.type = "button";
          button.setAttribute("aria-label", `${direction}: ${item.firstChild.textContent}`);
          item.append(button);
        }
      }
      list.addEventListener("click", (event) => {
        const button = event.target.closest("button");
        const item = button && button.parentNode;
        const up = button && button.textContent === "Up";
        const neighbour = item && (up ? item.previousElementSibling : item.nextElementSibling);
        if (!neighbour) return;
        neighbour[up ? "before" : "after"](item);
        updateButtons();
        (button.disabled ? item.querySelector("button:enabled") : button).focus();
        say(`“${item.firstChild.textContent}” is now ${items().indexOf(item) + 1} of ${items().length}.`);
      });
      updateButtons();
    }
    const startOrder = list && response();
    return {
      spec,
      response,
      setResponse,
      show(outcome) {
        say(outcome.feedback, outcome.answered ? (outcome.correct ? "bq-ok" : "bq-no") : "");
        explanation.hidden = !outcome.answered;
      },
      clear() {
        setResponse(startOrder);
        say("");
        explanation.hidden = true;
      },
    };
  }

  function setUpQuiz(section) {
    const specs = JSON.parse(section.querySelector("script[type='application/json']").textContent);
    const key = `baikonur-quiz:${location.pathname}#${section.id}`;
    const store = (value) => {
      try {
        if (value) localStorage.setItem(key, JSON.stringify(value));
        else localStorage.removeItem(key);
      } catch { /* storage disabled: the quiz still works, it just forgets */ }
    };
    let saved, correct = {};
    try { saved = JSON.parse(localStorage.getItem(key)) || {}; } catch { saved = {}; }
    const score = make("p", "bq-score");
    const reset = make("button", "bq-reset", "Reset answers");
    score.setAttribute("role", "status");
    reset.type = "button";
    section.append(make("div", "bq-foot"));
    section.lastChild.append(score, reset);

    const questions = [...section.querySelectorAll("form.bq-q")].map((form) => {
      const id = form.dataset.q, question = setUpQuestion(form, specs[id]);
      const check = (response) => {
        const outcome = grade(question.spec, response);
        question.show(outcome);
        if (outcome.answered) correct[id] = outcome.correct;
        return outcome.answered;
      };
      if (Object.hasOwn(saved, id)) {
        question.setResponse(saved[id]);
        check(saved[id]);
      }
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const response = question.response();
        if (!check(response)) return;
        saved[id] = response;
        store(saved);
        showScore();
      });
      return question;
    });
    const showScore = () => {
      score.textContent = `Score: ${Object.values(correct).filter(Boolean).length} of ${questions.length} correct`;
    };
    reset.addEventListener("click", () => {
      saved = {};
      correct = {};
      store(null);
      questions.forEach((question) => question.clear());
      showScore();
    });
    showScore();
  }

  function start() {
    document.querySelectorAll("section.bq").forEach(setUpQuiz);
    document.documentElement.dataset.quizReady = "1";
    performance.mark("baikonur-quiz-ready");
  }

  window.baikonurQuiz = { grade };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
