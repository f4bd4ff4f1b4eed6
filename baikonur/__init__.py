"""Python behind the Baikonur Cosmodrome teaching module.

The chapters import from here so that what a student reads stays short: loading and validating the
data tables (:mod:`baikonur.data`), the lease arithmetic (:mod:`baikonur.economics`), launch
statistics (:mod:`baikonur.launches`), the book's chart style (:mod:`baikonur.charts`) and the
chapter quizzes (:mod:`baikonur.quiz`). It is not a general space-data library: every function
serves a page of the book.
"""

__version__ = "1.0.0"
