/* Self-grading for the quiz forms baikonur/quiz/static.py writes into the static book: the rules,
   feedback and question states of baikonur/quiz/grading.py (tests/fixtures/grading_cases.json runs
   both), answers kept per page and quiz in localStorage, a results file in the format of
   baikonur/quiz/results.py, bank text only ever set as text, no network request. */
(() => {
  "use strict";
  const result = (answered, correct, credit, feedback) => ({ answered, correct, credit, feedback });
  const CORRECT = result(true, true, 1, "Correct.");
  const unanswered = (feedback) => result(false, false, 0, feedback);
  const count = (number, noun) => `${number} ${noun}${number === 1 ? "" : "s"}`;
  const partial = (credit, detail) => result(true, false, credit, `${credit > 0 ? "Partly right" : "Not quite"}: ${detail}`);
  const hint = (spec, id) => (spec.feedback && Object.hasOwn(spec.feedback, id) ? [spec.feedback[id]] : []);

  function readNumber(text) {
    const cleaned = text.replaceAll("\u2212", "-").replace(/\s/g, "");
    const whole = (pattern) => new RegExp(`^(?:${pattern})$`).test(cleaned);
    if (!cleaned) return [null, null];
    if (whole("[+-]?[1-9]\\d{0,2},\\d{3}")) {
      const [int, dec] = cleaned.split(",");
      return [null, `“${text.trim()}” could mean ${int}${dec} or ${int}.${dec}: write ${int}${dec}, or ${int}.${dec} with a point.`];
    }
    if (whole("[+-]?\\d+(?:[.,]\\d+)?")) return [Number(cleaned.replace(",", ".")), null];
    if (whole("[+-]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?")) return [Number(cleaned.replaceAll(",", "")), null];
    if (whole("[+-]?\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?")) return [Number(cleaned.replaceAll(".", "").replace(",", ".")), null];
    return [null, `“${text.trim()}” is not a number: write digits, with a point or a comma before any decimals.`];
  }

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
    numeric({ answer, tolerance }, response) {
      let given = response;
      if (typeof response === "string") {
        const [number, problem] = readNumber(response);
        if (problem) return unanswered(problem);
        given = number;
      }
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

  /* A learner's way through one question; see baikonur/quiz/grading.py for the rules. */
  const newState = () => ({ attempts: 0, first_try: false, credit: 0, solved: false, revealed: false, last_correct: false });
  function afterCheck(state, outcome) {
    if (!outcome.answered) return { ...state };
    const next = { ...state, last_correct: outcome.correct };
    if (!state.solved && !state.revealed) {
      next.attempts = state.attempts + 1;
      next.solved = outcome.correct;
      if (state.attempts === 0) Object.assign(next, { first_try: outcome.correct, credit: outcome.credit });
    }
    return next;
  }
  const revealOffered = (state) => state.attempts >= 2 && !state.solved && !state.revealed;
  const afterReveal = (state) => (revealOffered(state) ? { ...state, revealed: true, credit: 0 } : { ...state });
  const explanationShown = (state) => state.last_correct || state.revealed;
  function scoreText(states) {
    const tried = states.filter((state) => state.attempts || state.revealed).length;
    if (!tried) return "Not started";
    const first = states.filter((state) => state.first_try).length;
    return `Right first time: ${first} of ${states.length} · answered ${tried} of ${states.length}`;
  }

  /* The results file: canonical JSON (sorted keys, no spaces) and its FNV-1a 64-bit checksum. */
  const canonical = (value) => {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value && typeof value === "object") {
      return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
    }
    return JSON.stringify(value);
  };
  const checksum = (results) => {
    const { checksum: _, ...rest } = results;
    let hash = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(canonical(rest))) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return `fnv1a64:${hash.toString(16).padStart(16, "0")}`;
  };

  const make = (tag, className, textContent = "") => Object.assign(document.createElement(tag), { className, textContent });

  function setUpQuestion(form, spec) {
    const list = form.querySelector(".bq-order");
    const inputs = [...form.querySelectorAll("fieldset input")];
    const details = form.querySelector("details");
    const answer = make("div", "bq-ans");
    answer.append(...[...details.childNodes].filter((node) => node.nodeName !== "SUMMARY"));
    answer.hidden = true;
    answer.tabIndex = -1; // takes the focus from "Show the answer", which disappears once pressed
    const region = make("p", "bq-fb");
    region.setAttribute("aria-live", "polite");
    const reveal = make("button", "bq-reveal", "Show the answer");
    reveal.type = "button";
    reveal.hidden = true;
    const buttons = make("div", "bq-buttons");
    buttons.append(make("button", "bq-check", "Check"), reveal);
    details.replaceWith(buttons, region, answer);

    let pending = null;
    const say = (text, state = "") => {
      clearTimeout(pending);
      region.className = `bq-fb ${state}`;
      const repeated = text && region.textContent === text; // cleared first, or it would not be announced again
      region.textContent = repeated ? "" : text;
      if (repeated) pending = setTimeout(() => { region.textContent = text; }, 100);
    };
    const items = () => [...list.children];
    const updateButtons = () => items().forEach((item, index, all) => {
      const [up, down] = item.querySelectorAll("button");
      up.disabled = index === 0;
      down.disabled = index === all.length - 1;
    });
    const response = () => {
      if (list) return items().map((item) => item.dataset.item);
      if (spec.type === "numeric") return inputs[0].value.trim() || null;
      const chosen = inputs.filter((input) => input.checked).map((input) => input.value);
      return spec.type === "single" ? chosen[0] || null : chosen;
    };
    const setResponse = (value) => {
      if (list) {
        const byId = new Map(items().map((item) => [item.dataset.item, item]));
        (value || []).forEach((id) => byId.has(id) && list.append(byId.get(id)));
        updateButtons();
      } else if (spec.type === "numeric") {
        inputs[0].value = value ?? "";
      } else {
        inputs.forEach((input) => { input.checked = [].concat(value).includes(input.value); });
      }
    };

    if (list) {
      for (const item of items()) {
        const controls = make("span", "bq-moves");
        for (const direction of ["Up", "Down"]) {
          const button = make("button", "bq-move", direction);
          button.type = "button";
          button.setAttribute("aria-label", `${direction}: ${item.firstChild.textContent}`);
          controls.append(button);
        }
        item.append(controls);
      }
      list.addEventListener("click", (event) => {
        const button = event.target.closest("button");
        const item = button && button.closest("li");
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
      reveal,
      answer,
      show(state, outcome) {
        if (outcome) say(outcome.feedback, outcome.answered ? (outcome.correct ? "bq-ok" : "bq-no") : "");
        else if (state.revealed) say("The answer is shown below. This question earns no credit now.");
        answer.hidden = !explanationShown(state);
        reveal.hidden = !revealOffered(state);
      },
      clear() {
        setResponse(startOrder);
        say("");
        answer.hidden = true;
        reveal.hidden = true;
      },
    };
  }

  const NAME_KEY = "baikonur-quiz:name";
  const storage = {
    get(key) { try { return JSON.parse(localStorage.getItem(key)); } catch { return null; } },
    set(key, value) {
      try {
        if (value) localStorage.setItem(key, JSON.stringify(value));
        else localStorage.removeItem(key);
      } catch { /* storage disabled: the quiz still works, it just forgets */ }
    },
  };

  function download(filename, text) {
    const link = make("a", "");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  function setUpQuiz(section) {
    const specs = JSON.parse(section.querySelector("script[type='application/json']").textContent);
    const key = `baikonur-quiz:${location.pathname}#${section.id}`;
    let saved = storage.get(key) || {};
    const score = make("p", "bq-score");
    const reset = make("button", "bq-reset", "Reset answers");
    score.setAttribute("role", "status");
    reset.type = "button";
    const foot = make("div", "bq-foot");
    foot.append(score, reset);

    const uid = section.id;
    const nameLabel = make("label", "", "Your name ");
    const name = make("input", "");
    Object.assign(name, { type: "text", id: `${uid}-name`, autocomplete: "name" });
    name.value = storage.get(NAME_KEY) || "";
    nameLabel.htmlFor = name.id;
    const save = make("button", "bq-save", "Save results");
    save.type = "button";
    const saveStatus = make("p", "bq-saved");
    saveStatus.setAttribute("role", "status");
    const note = make("p", "bq-note", "Saving downloads a results file to hand in. Its checksum shows whether the file was changed after saving; it is not proof against cheating.");
    const handIn = make("div", "bq-handin");
    handIn.append(nameLabel, name, save, saveStatus, note);
    section.append(foot, handIn);

    const questions = [...section.querySelectorAll("form.bq-q")].map((form) => {
      const id = form.dataset.q;
      const question = setUpQuestion(form, specs[id]);
      const record = saved[id];
      question.state = record && record.state ? { ...newState(), ...record.state } : newState();
      question.answered = record && record.state ? record.response : null;
      if (record && record.state) {
        question.setResponse(record.response);
        question.show(question.state, question.state.attempts ? grade(question.spec, record.response) : null);
      }
      const keep = () => {
        saved[id] = { response: question.answered, state: question.state };
        storage.set(key, saved);
        showScore();
      };
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const response = question.response();
        const outcome = grade(question.spec, response);
        question.show(question.state = afterCheck(question.state, outcome), outcome);
        if (!outcome.answered) return;
        question.answered = response;
        keep();
      });
      question.reveal.addEventListener("click", () => {
        question.show(question.state = afterReveal(question.state), null);
        question.answer.focus();
        keep();
      });
      question.id = id;
      return question;
    });
    const showScore = () => { score.textContent = scoreText(questions.map((question) => question.state)); };
    reset.addEventListener("click", () => {
      saved = {};
      storage.set(key, null);
      questions.forEach((question) => {
        question.state = newState();
        question.answered = null;
        question.clear();
      });
      showScore();
    });
    save.addEventListener("click", () => {
      const learner = name.value.trim();
      if (!learner) {
        saveStatus.textContent = "Type your name first.";
        name.focus();
        return;
      }
      storage.set(NAME_KEY, learner);
      const results = {
        format: "baikonur-quiz-results/1",
        quiz: section.dataset.quiz,
        title: section.querySelector("h3").textContent,
        edition: section.dataset.edition,
        name: learner,
        saved: new Date().toISOString(),
        score: questions.filter((question) => question.state.first_try).length,
        total: questions.length,
        answers: questions.map((question) => ({
          question: question.id,
          type: question.spec.type,
          response: question.answered,
          attempts: question.state.attempts,
          first_try: question.state.first_try,
          solved: question.state.solved,
          revealed: question.state.revealed,
          credit: question.state.credit,
        })),
      };
      results.checksum = checksum(results);
      const slug = learner.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "learner";
      download(`${section.dataset.quiz}-${slug}.json`, JSON.stringify(results, null, 1));
      saveStatus.textContent = `Saved ${section.dataset.quiz}-${slug}.json to your downloads.`;
    });
    showScore();
  }

  function start() {
    document.querySelectorAll("section.bq").forEach(setUpQuiz);
    document.documentElement.dataset.quizReady = "1";
    performance.mark("baikonur-quiz-ready");
  }

  window.baikonurQuiz = { grade, readNumber, newState, afterCheck, afterReveal, revealOffered, explanationShown, scoreText, checksum };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
