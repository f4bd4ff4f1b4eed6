/* Self-grading for the quiz forms baikonur/quiz/static.py writes into the static book: the rules,
   feedback and question states of baikonur/quiz/grading.py (tests/fixtures/grading_cases.json runs
   both), answers kept per page, quiz and learner name in localStorage, a Reset that asks first and
   is recorded in the results file, a "New learner" control for shared computers, a link back to the
   chapter after a wrong check, a results file in the format of baikonur/quiz/results.py, bank text
   only ever set as text, no network request. */
(() => {
  "use strict";
  /* The quiz's words, in the edition's language: baikonur/quiz/words.py writes them into each
     quiz as JSON (script[data-words]); t("score", { n: 6 }) fills in the values, and a count
     picks a word's .one or .other form. */
  let WORDS = {};
  const t = (key, values = {}, count = null) => {
    const text = WORDS[count === null ? key : `${key}.${count === 1 ? "one" : "other"}`] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
  };
  const result = (answered, correct, credit, feedback) => ({ answered, correct, credit, feedback });
  const correct = () => result(true, true, 1, t("correct"));
  const unanswered = (feedback) => result(false, false, 0, feedback);
  const partial = (credit, detail) => result(true, false, credit, t(credit > 0 ? "partly_right" : "not_quite_detail", { detail }));
  const hint = (spec, id) => (spec.feedback && Object.hasOwn(spec.feedback, id) ? [spec.feedback[id]] : []);

  function readNumber(text) {
    const cleaned = text.replaceAll("\u2212", "-").replace(/\s/g, "");
    const whole = (pattern) => new RegExp(`^(?:${pattern})$`).test(cleaned);
    if (!cleaned) return [null, null];
    if (whole("[+-]?[1-9]\\d{0,2},\\d{3}")) {
      const [int, dec] = cleaned.split(",");
      return [null, t("ambiguous_number", { text: text.trim(), joined: `${int}${dec}`, pointed: `${int}.${dec}` })];
    }
    if (whole("[+-]?\\d+(?:[.,]\\d+)?")) return [Number(cleaned.replace(",", ".")), null];
    if (whole("[+-]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?")) return [Number(cleaned.replaceAll(",", "")), null];
    if (whole("[+-]?\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?")) return [Number(cleaned.replaceAll(".", "").replace(",", ".")), null];
    return [null, t("not_a_number", { text: text.trim() })];
  }

  const graders = {
    single(spec, chosen) {
      if (!chosen) return unanswered(t("choose_one"));
      if (chosen === spec.answer) return correct();
      const [said] = hint(spec, chosen);
      return result(true, false, 0, said ? t("not_quite_hint", { hint: said }) : t("not_quite"));
    },
    multiple(spec, response) {
      const chosen = new Set(response), answer = spec.answer;
      if (!chosen.size) return unanswered(t("choose_some"));
      const hits = answer.filter((id) => chosen.has(id)).length;
      if (hits === answer.length && chosen.size === hits) return correct();
      const wrong = spec.options.filter((id) => chosen.has(id) && !answer.includes(id));
      const detail = t("chose", { right: hits, correct: answer.length }, answer.length)
        + (wrong.length ? t("and_wrong", { wrong: wrong.length }, wrong.length) : "") + t("full_stop");
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
      if (typeof given !== "number" || !isFinite(given)) return unanswered(t("enter_number"));
      if (Math.abs(given - answer) <= tolerance + 1e-9 * Math.max(1, Math.abs(answer))) return correct();
      return result(true, false, 0, t(given > answer ? "too_high" : "too_low"));
    },
    ordering({ answer, start }, response) {
      const given = response || [];
      const placed = answer.filter((id, index) => given[index] === id).length;
      if (String([...given].sort()) !== String([...answer].sort())) return unanswered(t("order_every"));
      if (start && JSON.stringify(given) === JSON.stringify(start)) return unanswered(t("order_unmoved"));
      if (placed === answer.length) return correct();
      return partial(placed / answer.length, t("in_place", { placed, n: answer.length }, answer.length));
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
    if (!tried) return t("not_started");
    const first = states.filter((state) => state.first_try).length;
    return t("score", { first, n: states.length, tried });
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
    const reveal = make("button", "bq-reveal", t("show_answer"));
    reveal.type = "button";
    reveal.hidden = true;
    const buttons = make("div", "bq-buttons");
    buttons.append(make("button", "bq-check", t("check")), reveal);
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
        for (const direction of ["up", "down"]) {
          const button = make("button", "bq-move", t(direction));
          button.type = "button";
          button.dataset.move = direction;
          button.setAttribute("aria-label", t(`${direction}_item`, { item: item.firstChild.textContent }));
          controls.append(button);
        }
        item.append(controls);
      }
      list.addEventListener("click", (event) => {
        const button = event.target.closest("button");
        const item = button && button.closest("li");
        const up = button && button.dataset.move === "up";
        const neighbour = item && (up ? item.previousElementSibling : item.nextElementSibling);
        if (!neighbour) return;
        neighbour[up ? "before" : "after"](item);
        updateButtons();
        (button.disabled ? item.querySelector("button:enabled") : button).focus();
        say(t("moved", { item: item.firstChild.textContent, position: items().indexOf(item) + 1, n: items().length }));
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
        else if (state.revealed) say(t("revealed"));
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
    const specs = JSON.parse(section.querySelector("script[type='application/json']:not([data-words])").textContent);
    const base = `baikonur-quiz:${location.pathname}#${section.id}`;
    const keyFor = (learner) => (learnerKey(learner) ? `${base}@${learnerKey(learner)}` : base);
    let learner = storage.get(NAME_KEY) || "";
    let saved = readRecord(storage.get(keyFor(learner)));

    const score = make("p", "bq-score");
    const reset = make("button", "bq-reset", t("reset"));
    score.setAttribute("role", "status");
    reset.type = "button";
    const confirmBox = make("div", "bq-confirm");
    confirmBox.setAttribute("role", "group");
    const ask = make("p", "", t("reset_ask"));
    ask.id = `${section.id}-confirm`;
    confirmBox.setAttribute("aria-labelledby", ask.id);
    const yes = make("button", "bq-yes", t("reset_yes"));
    const no = make("button", "bq-no-reset", t("cancel"));
    yes.type = no.type = "button";
    confirmBox.append(ask, yes, no);
    confirmBox.hidden = true;
    const foot = make("div", "bq-foot");
    foot.append(score, reset, confirmBox);

    const uid = section.id;
    const nameLabel = make("label", "", `${t("your_name")} `);
    const name = make("input", "");
    Object.assign(name, { type: "text", id: `${uid}-name`, autocomplete: "off" });
    name.value = learner;
    nameLabel.htmlFor = name.id;
    const save = make("button", "bq-save", t("save"));
    save.type = "button";
    const fresh = make("button", "bq-new", t("new_learner"));
    fresh.type = "button";
    const saveStatus = make("p", "bq-saved");
    saveStatus.setAttribute("role", "status");
    const note = make("p", "bq-note", t("hand_in_note"));
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
      saveStatus.textContent = t("cleared", { count: saved.resets.length });
    });
    fresh.addEventListener("click", () => {
      storage.set(NAME_KEY, null);
      quizzes.forEach((quiz) => quiz.forget());
      saveStatus.textContent = t("next_learner");
      name.focus();
    });

    save.addEventListener("click", () => {
      const typed = name.value.trim();
      if (!typed) {
        saveStatus.textContent = t("name_first");
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
      saveStatus.textContent = t("saved_download", { file: `${section.dataset.quiz}-${slug}.json` });
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
    const words = document.querySelector("section.bq script[data-words]");
    if (words) WORDS = JSON.parse(words.textContent);
    document.querySelectorAll("section.bq").forEach(setUpQuiz);
    document.documentElement.dataset.quizReady = "1";
    performance.mark("baikonur-quiz-ready");
  }

  window.baikonurQuiz = { grade, readNumber, newState, afterCheck, afterReveal, revealOffered, explanationShown, scoreText, checksum };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
