/* std_rules.h - the standard form's figures and rules as test inputs
 * (the same text as forms/standard.csv), shared by the rule suites. */
#ifndef JIXIAO_STD_RULES_H
#define JIXIAO_STD_RULES_H

#define PROC_F "planned:money:采购预算金额（万元）; actual:money:实际采购金额（万元）"
#define PROC_R "calc(政府采购执行率, 1, if(actual > planned, 0, actual / planned)); " \
               "check(政府采购政策功能落实, 1)"
#define FIN_F "budget:money:年初部门预算（万元）; adjusted:money:调整后预算（万元）"
#define FIN_R "check(资金支出规范性, 1); calc(资金调整调剂规范性, 1, 1 - 0.1 * max(0, " \
              "abs(adjusted - budget) / budget * 100 - 10)); check(会计核算规范性, 1); " \
              "veto(超范围超标准支出、虚列支出或截留挤占挪用资金)"
#define DISC_R "choice(部门预算公开, 1.5, 按规定公开=1.5, 公开但不符合要求=1, 未公开=0, " \
               "涉密按规定不公开=1.5); choice(部门决算公开, 1.5, 按规定公开=1.5, " \
               "公开但不符合要求=1, 未公开=0, 涉密按规定不公开=1.5)"

#endif
