/* Self-grading for the quiz forms baikonur/quiz/static.py writes into the static book: the rules,
   feedback and question states of baikonur/quiz/grading.py (tests/fixtures/grading_cases.json runs
   both), answers kept per page, quiz and learner name in localStorage, a Reset that asks first and
   is recorded in the results file, a "New learner" control for shared computers, a link back to the
   chapter after a wrong check, a results file in the format of baikonur/quiz/results.py, bank text
   only ever set as text, no network request. */
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
    ordering({ answer, start }, response) {
      const given = response || [];
      const placed = answer.filter((id, index) => given[index] === id).length;
      if (String([...given].sort()) !== String([...answer].sort())) return unanswered("Put every item in order first.");
      if (start && JSON.stringify(given) === JSON.stringify(start)) return unanswered("Move the items into your order first: the list is still as it was shown.");
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
    // After a wrong check: a way back to the chapter section, never the answer itself.
    const back = make("p", "bq-back");
    const section = answer.querySelector(".bq-ex a");
    if (section) back.append(section.cloneNode(true));
    back.hidden = true;
    details.replaceWith(buttons, region, back, answer);

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
        back.hidden = !back.firstChild || !(state.attempts > 0 && !state.last_correct && !state.revealed);
      },
      clear() {
        setResponse(startOrder);
        say("");
        answer.hidden = true;
        reveal.hidden = true;
        back.hidden = true;
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

  /* Answers are kept per page, quiz and learner: "" is the learner who has not typed a name yet.
     A record is { answers: { question id: { response, state } }, resets: [ISO times] }. */
  const learnerKey = (name) => name.trim().toLocaleLowerCase();
  const readRecord = (value) => {
    if (!value || typeof value !== "object") return { answers: {}, resets: [] };
    if (!("answers" in value)) return { answers: value, resets: [] }; // kept by an older version of this page
    return { answers: value.answers || {}, resets: Array.isArray(value.resets) ? value.resets : [] };
  };
  const quizzes = [];

  function setUpQuiz(section) {
    const specs = JSON.parse(section.querySelector("script[type='application/json']").textContent);
    const base = `baikonur-quiz:${location.pathname}#${section.id}`;
    const keyFor = (learner) => (learnerKey(learner) ? `${base}@${learnerKey(learner)}` : base);
    let learner = storage.get(NAME_KEY) || "";
    let saved = readRecord(storage.get(keyFor(learner)));

    const score = make("p", "bq-score");
    const reset = make("button", "bq-reset", "Reset answers");
    score.setAttribute("role", "status");
    reset.type = "button";
    const confirmBox = make("div", "bq-confirm");
    confirmBox.setAttribute("role", "group");
    const ask = make("p", "", "Clear every answer of this quiz? The reset is recorded, with its time, in the results file you hand in.");
    ask.id = `${section.id}-confirm`;
    confirmBox.setAttribute("aria-labelledby", ask.id);
    const yes = make("button", "bq-yes", "Yes, reset");
    const no = make("button", "bq-no-reset", "Cancel");
    yes.type = no.type = "button";
    confirmBox.append(ask, yes, no);
    confirmBox.hidden = true;
    const foot = make("div", "bq-foot");
    foot.append(score, reset, confirmBox);

    const uid = section.id;
    const nameLabel = make("label", "", "Your name ");
    const name = make("input", "");
    Object.assign(name, { type: "text", id: `${uid}-name`, autocomplete: "off" });
    name.value = learner;
    nameLabel.htmlFor = name.id;
    const save = make("button", "bq-save", "Save results");
    save.type = "button";
    const fresh = make("button", "bq-new", "New learner");
    fresh.type = "button";
    const saveStatus = make("p", "bq-saved");
    saveStatus.setAttribute("role", "status");
    const note = make("p", "bq-note", "Saving downloads a results file to hand in. On a shared computer, press “New learner” when you finish: your answers stay on this computer under your name, and the next person starts with an empty quiz. The results file's checksum shows whether it was changed after saving; it is not proof against cheating.");
    const handIn = make("div", "bq-handin");
    handIn.append(nameLabel, name, save, fresh, saveStatus, note);
    section.append(foot, handIn);

    const keep = () => {
      storage.set(keyFor(learner), saved);
      showScore();
    };
    const questions = [...section.querySelectorAll("form.bq-q")].map((form) => {
      const id = form.dataset.q;
      const question = setUpQuestion(form, specs[id]);
      question.id = id;
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const response = question.response();
        const outcome = grade(question.spec, response);
        question.show(question.state = afterCheck(question.state, outcome), outcome);
        if (!outcome.answered) return;
        question.answered = response;
        saved.answers[id] = { response: question.answered, state: question.state };
        keep();
      });
      question.reveal.addEventListener("click", () => {
        question.show(question.state = afterReveal(question.state), null);
        question.answer.focus();
        saved.answers[id] = { response: question.answered, state: question.state };
        keep();
      });
      return question;
    });
    const showScore = () => { score.textContent = scoreText(questions.map((question) => question.state)); };
    const showRecord = () => {
      questions.forEach((question) => {
        const record = saved.answers[question.id];
        question.clear();
        question.state = record && record.state ? { ...newState(), ...record.state } : newState();
        question.answered = record && record.state ? record.response : null;
        if (record && record.state) {
          question.setResponse(record.response);
          question.show(question.state, question.state.attempts ? grade(question.spec, record.response) : null);
        }
      });
      showScore();
    };
    showRecord();

    /* Another learner: answers given so far without a name go with the name typed; answers kept
       under another name are never handed over. */
    const switchTo = (newName) => {
      if (learnerKey(newName) === learnerKey(learner)) {
        learner = newName;
        return;
      }
      const stored = storage.get(keyFor(newName));
      if (!learnerKey(learner) && !stored && learnerKey(newName)) {
        storage.set(keyFor(learner), null);
        learner = newName;
        keep();
        return;
      }
      learner = newName;
      saved = readRecord(stored);
      showRecord();
    };
    name.addEventListener("change", () => {
      const typed = name.value.trim();
      switchTo(typed);
      storage.set(NAME_KEY, typed || null);
      quizzes.forEach((quiz) => quiz !== controller && quiz.follow(typed));
    });

    const hideConfirm = () => {
      confirmBox.hidden = true;
      reset.hidden = false;
    };
    reset.addEventListener("click", () => {
      reset.hidden = true;
      confirmBox.hidden = false;
      no.focus();
    });
    no.addEventListener("click", () => {
      hideConfirm();
      reset.focus();
    });
    yes.addEventListener("click", () => {
      saved = { answers: {}, resets: [...saved.resets, new Date().toISOString()] };
      keep();
      showRecord();
      hideConfirm();
      reset.focus();
      saveStatus.textContent = `Answers cleared. Resets recorded for this quiz: ${saved.resets.length}.`;
    });
    fresh.addEventListener("click", () => {
      storage.set(NAME_KEY, null);
      quizzes.forEach((quiz) => quiz.forget());
      saveStatus.textContent = "Ready for the next learner: type your name to start. Answers given under another name stay on this computer under that name.";
      name.focus();
    });

    save.addEventListener("click", () => {
      const typed = name.value.trim();
      if (!typed) {
        saveStatus.textContent = "Type your name first.";
        name.focus();
        return;
      }
      if (typed !== learner) switchTo(typed);
      storage.set(NAME_KEY, typed);
      const results = {
        format: "baikonur-quiz-results/1",
        quiz: section.dataset.quiz,
        title: section.querySelector("h3").textContent,
        edition: section.dataset.edition,
        name: typed,
        saved: new Date().toISOString(),
        score: questions.filter((question) => question.state.first_try).length,
        total: questions.length,
        resets: saved.resets,
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
      const slug = typed.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "learner";
      download(`${section.dataset.quiz}-${slug}.json`, JSON.stringify(results, null, 1));
      saveStatus.textContent = `Saved ${section.dataset.quiz}-${slug}.json to your downloads.`;
    });

    const controller = {
      /* The name was typed in another quiz on this page. */
      follow(typed) {
        name.value = typed;
        switchTo(typed);
      },
      /* "New learner": nothing of the previous learner stays on the screen. */
      forget() {
        storage.set(base, null);
        name.value = "";
        learner = "";
        saved = readRecord(null);
        showRecord();
        hideConfirm();
        saveStatus.textContent = "";
      },
    };
    quizzes.push(controller);
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
